package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filter: the node must carry every {@code spec.nodeSelector} label and match the required node
 * affinity terms. PreFilter skips pods with neither and narrows the nodes when every required
 * term pins {@code metadata.name}. Score: the sum of the weights of the preferred terms the node
 * matches, normalized so the best node gets 100. Stateless, thread-safe. Default weight 2.
 */
public final class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final int DEFAULT_WEIGHT = 2;
    public static final String ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
    public static final String ERR_REASON_CONFLICT = "pod affinity terms conflict";

    @Override
    public String name() {
        return PluginNames.NODE_AFFINITY;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<NodeSelectorTerm> required = requiredTerms(pod);
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        if (required == null && (selector == null || selector.isEmpty())) {
            return PreFilterResult.of(Status.skip());
        }
        if (required == null) {
            return PreFilterResult.success();
        }
        Set<String> names = null;
        for (NodeSelectorTerm term : required) {
            Set<String> termNames = pinnedNames(term);
            if (termNames == null) {
                // This term admits nodes by label; the terms are ORed, so any node may match.
                return PreFilterResult.success();
            }
            if (names == null) {
                names = new HashSet<>();
            }
            names.addAll(termNames);
        }
        if (names != null && names.isEmpty()) {
            return PreFilterResult.of(Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_CONFLICT));
        }
        return names == null ? PreFilterResult.success() : PreFilterResult.restrictTo(names);
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
        List<NodeSelectorTerm> required = requiredTerms(pod);
        boolean matches = NodeSelectors.labelsMatch(selector, node.node())
                && (required == null || NodeSelectors.anyTermMatches(required, node.node()));
        return matches ? Status.success() : Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_POD);
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        return preferredTerms(pod).isEmpty() ? Status.skip() : Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        long total = 0;
        for (PreferredSchedulingTerm term : preferredTerms(pod)) {
            int weight = term.getWeight() == null ? 0 : term.getWeight();
            if (weight != 0 && NodeSelectors.termMatches(term.getPreference(), node.node())) {
                total += weight;
            }
        }
        return total;
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.normalize(scores, false);
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return ClusterEvent.nodeEvents();
    }

    /** The names a term pins through {@code metadata.name In}, intersected; null if it pins none. */
    private static Set<String> pinnedNames(NodeSelectorTerm term) {
        Set<String> names = null;
        if (term.getMatchFields() == null) {
            return null;
        }
        for (NodeSelectorRequirement r : term.getMatchFields()) {
            if (NodeSelectors.NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
                Set<String> values = new HashSet<>(r.getValues() == null ? List.of() : r.getValues());
                if (names == null) {
                    names = values;
                } else {
                    names.retainAll(values);
                }
            }
        }
        return names;
    }

    private static List<NodeSelectorTerm> requiredTerms(Pod pod) {
        var spec = pod.getSpec();
        if (spec == null || spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        List<NodeSelectorTerm> terms = spec.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return terms == null ? List.of() : terms;
    }

    private static List<PreferredSchedulingTerm> preferredTerms(Pod pod) {
        var spec = pod.getSpec();
        if (spec == null || spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return List.of();
        }
        List<PreferredSchedulingTerm> terms = spec.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
        return terms == null ? List.of() : terms;
    }
}
