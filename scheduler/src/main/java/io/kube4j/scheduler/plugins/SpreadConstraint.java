package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.kube4j.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One topology spread constraint as the scheduler evaluates it: the API object's fields with
 * defaults applied and matchLabelKeys folded into the selector. Immutable and thread-safe.
 *
 * @param maxSkew          the largest allowed difference between a domain and the global minimum
 * @param topologyKey      the node label whose values are the domains
 * @param selector         which pods are counted
 * @param minDomains       below this many eligible domains the global minimum is taken as 0
 * @param honorAffinity    nodeAffinityPolicy Honor (the default): only nodes matching the pod's
 *                         nodeSelector and required node affinity count
 * @param honorTaints      nodeTaintsPolicy Honor (default Ignore): only nodes whose NoSchedule and
 *                         NoExecute taints the pod tolerates count
 */
public record SpreadConstraint(int maxSkew, String topologyKey, LabelSelection selector, int minDomains,
                               boolean honorAffinity, boolean honorTaints) {

    public static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    public static final String SCHEDULE_ANYWAY = "ScheduleAnyway";

    /**
     * The constraints of {@code constraints} whose whenUnsatisfiable is {@code action}, converted.
     * For each matchLabelKeys key the pod carries, {@code key In (pod's value)} joins the selector.
     *
     * @throws IllegalArgumentException when a label selector is invalid
     */
    public static List<SpreadConstraint> of(List<TopologySpreadConstraint> constraints, Map<String, String> podLabels,
                                            String action) {
        List<SpreadConstraint> out = new ArrayList<>();
        if (constraints == null) {
            return out;
        }
        Map<String, String> labels = podLabels == null ? Map.of() : podLabels;
        for (TopologySpreadConstraint c : constraints) {
            if (!action.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelection selector = LabelSelection.of(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null) {
                for (String key : c.getMatchLabelKeys()) {
                    String value = labels.get(key);
                    if (value != null) {
                        selector = selector.andLabel(key, value);
                    }
                }
            }
            out.add(new SpreadConstraint(c.getMaxSkew() == null ? 0 : c.getMaxSkew(), c.getTopologyKey(), selector,
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return out;
    }

    /** This constraint counting the pods {@code s} selects instead. */
    public SpreadConstraint withSelector(LabelSelection s) {
        return new SpreadConstraint(maxSkew, topologyKey, s, minDomains, honorAffinity, honorTaints);
    }

    /** Whether {@code node} takes part in this constraint's domains under its inclusion policies. */
    public boolean includes(Pod pod, Node node) {
        if (honorAffinity && !matchesNodeAffinity(pod, node)) {
            return false;
        }
        if (honorTaints) {
            List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
            List<Toleration> tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
            return Tolerations.firstUntolerated(taints, tolerations,
                    t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect())).isEmpty();
        }
        return true;
    }

    /**
     * Whether {@link #includes} holds for every node without looking at it: taints are ignored
     * and the pod has no nodeSelector and no required node affinity (or affinity is ignored).
     */
    public boolean includesEveryNode(Pod pod) {
        if (honorTaints) {
            return false;
        }
        if (!honorAffinity || pod.getSpec() == null) {
            return true;
        }
        var spec = pod.getSpec();
        boolean selector = spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty();
        boolean required = spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
                && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null;
        return !selector && !required;
    }

    /** How many of {@code pods} this constraint counts: same namespace, not terminating, selected. */
    public int countMatching(List<PodInfo> pods, String namespace) {
        int n = 0;
        for (PodInfo info : pods) {
            Pod p = info.pod();
            if (p.getMetadata().getDeletionTimestamp() != null || !namespace.equals(p.getMetadata().getNamespace())) {
                continue;
            }
            if (selector.matches(p.getMetadata().getLabels())) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code labels} carry every constraint's topology key. */
    public static boolean allKeysPresent(Map<String, String> labels, List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) {
            if (labels == null || !labels.containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesNodeAffinity(Pod pod, Node node) {
        var spec = pod.getSpec();
        if (spec == null) {
            return true;
        }
        if (!NodeSelectors.labelsMatch(spec.getNodeSelector(), node)) {
            return false;
        }
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = spec.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return NodeSelectors.anyTermMatches(terms, node);
    }
}
