package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreFilterExtensions;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inter-pod affinity and anti-affinity, as upstream's InterPodAffinity plugin.
 *
 * <p>Filter: the node must (1) carry every required affinity term's topology key, in a domain
 * that already holds a pod matching all of the incoming pod's required affinity terms — unless no
 * such pod exists anywhere and the incoming pod matches its own terms (the first pod of a group);
 * (2) not share a domain with a pod matched by a required anti-affinity term; and (3) not lie in a
 * domain where an existing pod's required anti-affinity term matches the incoming pod (symmetry).
 * PreFilter counts matching pods per topology domain once per cycle and skips pods when nothing
 * applies.
 *
 * <p>Score: per topology domain, the weights of the incoming pod's preferred terms that existing
 * pods match (anti-affinity subtracts), plus, for each existing pod, its required affinity terms
 * (weighted {@code hardPodAffinityWeight}) and preferred terms that the incoming pod matches; a
 * node scores the sum over its domains, normalized min-to-max onto 0..100.
 *
 * <p>Namespace selectors are evaluated against {@link NamespaceLabels}. Stateless apart from its
 * configuration; thread-safe. Default weight 2.
 */
public final class InterPodAffinity implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {

    public static final String NAME = "InterPodAffinity";
    public static final int DEFAULT_WEIGHT = 2;
    /** Upstream's default weight of an existing pod's required affinity term in scoring. */
    public static final int DEFAULT_HARD_POD_AFFINITY_WEIGHT = 1;

    public static final String ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    public static final String ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

    private static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    private static final String PRE_SCORE_KEY = "PreScore" + NAME;

    private final NamespaceLabels namespaces;
    private final int hardPodAffinityWeight;

    /** The plugin with {@link NamespaceLabels#automatic()} and hardPodAffinityWeight 1. */
    public InterPodAffinity() {
        this(NamespaceLabels.automatic(), DEFAULT_HARD_POD_AFFINITY_WEIGHT);
    }

    /**
     * @param namespaces            where namespace labels come from
     * @param hardPodAffinityWeight 0..100, the score weight of existing pods' required affinity terms
     * @throws IllegalArgumentException when the weight is out of range
     */
    public InterPodAffinity(NamespaceLabels namespaces, int hardPodAffinityWeight) {
        if (hardPodAffinityWeight < 0 || hardPodAffinityWeight > 100) {
            throw new IllegalArgumentException("hardPodAffinityWeight: must be in the range [0-100]");
        }
        this.namespaces = namespaces;
        this.hardPodAffinityWeight = hardPodAffinityWeight;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** What PreFilter found: the incoming pod's terms and the matching-pod counts per topology domain. */
    private record FilterState(PodAffinityTerms terms, TopologyCounts existingAntiAffinity,
                               TopologyCounts affinity, TopologyCounts antiAffinity) {
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        PodAffinityTerms terms;
        try {
            terms = PodAffinityTerms.of(pod);
        } catch (IllegalArgumentException e) {
            return PreFilterResult.of(Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "parsing pod: " + e.getMessage()));
        }
        Map<String, String> podNamespaceLabels = orEmpty(namespaces.labelsOf(pod.getMetadata().getNamespace()));
        TopologyCounts existingAnti = new TopologyCounts();
        TopologyCounts affinity = new TopologyCounts();
        TopologyCounts anti = new TopologyCounts();
        if (terms.hasRequired()) {
            for (NodeInfo node : nodes) {
                Map<String, String> nodeLabels = node.node().getMetadata().getLabels();
                for (PodInfo existing : node.pods()) {
                    count(pod, terms, podNamespaceLabels, existing.pod(), nodeLabels, existingAnti, affinity, anti, 1);
                }
            }
        } else {
            // Without required terms of its own, only existing pods' required anti-affinity can
            // apply: walk just the nodes and pods that have some (as upstream).
            for (NodeInfo node : nodesWithRequiredAntiAffinity(state, nodes)) {
                Map<String, String> nodeLabels = node.node().getMetadata().getLabels();
                for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                    count(pod, terms, podNamespaceLabels, existing.pod(), nodeLabels, existingAnti, affinity, anti, 1);
                }
            }
        }
        if (existingAnti.isEmpty() && !terms.hasRequired()) {
            return PreFilterResult.of(Status.skip());
        }
        state.write(PRE_FILTER_KEY, new FilterState(terms, existingAnti, affinity, anti));
        return PreFilterResult.success();
    }

    /**
     * The nodes among {@code nodes} that may hold a pod with required anti-affinity: the cycle
     * snapshot's list when {@code nodes} are that snapshot's nodes, else {@code nodes} themselves
     * (whose {@link NodeInfo#podsWithRequiredAntiAffinity()} are empty for the others).
     */
    private static List<NodeInfo> nodesWithRequiredAntiAffinity(CycleState state, List<NodeInfo> nodes) {
        if (state.contains(ImageLocality.SNAPSHOT_KEY)) {
            Snapshot snapshot = state.read(ImageLocality.SNAPSHOT_KEY, Snapshot.class);
            if (snapshot.nodeInfos() == nodes) {
                return snapshot.nodesWithPodsWithRequiredAntiAffinity();
            }
        }
        return nodes;
    }

    /**
     * Counts {@code other}, running on a node labelled {@code nodeLabels}, {@code delta} times
     * (1 in PreFilter, +1/-1 when a simulation adds or removes it) in the three counts.
     */
    private void count(Pod pod, PodAffinityTerms terms, Map<String, String> podNamespaceLabels, Pod other,
                       Map<String, String> nodeLabels, TopologyCounts existingAnti, TopologyCounts affinity,
                       TopologyCounts anti, long delta) {
        if (PodAffinityTerms.hasRequiredAntiAffinity(other)) {
            for (AffinityTerm t : termsOf(other).requiredAntiAffinity()) {
                if (t.matches(pod, podNamespaceLabels)) {
                    existingAnti.add(nodeLabels, t.topologyKey(), delta);
                }
            }
        }
        if (!terms.requiredAffinity().isEmpty()) {
            Map<String, String> otherNs = namespaces.labelsOf(other.getMetadata().getNamespace());
            // An existing pod counts for affinity only when it matches every required term.
            if (matchesAll(terms.requiredAffinity(), other, otherNs)) {
                for (AffinityTerm t : terms.requiredAffinity()) {
                    affinity.add(nodeLabels, t.topologyKey(), delta);
                }
            }
        }
        if (!terms.requiredAntiAffinity().isEmpty()) {
            Map<String, String> otherNs = namespaces.labelsOf(other.getMetadata().getNamespace());
            for (AffinityTerm t : terms.requiredAntiAffinity()) {
                if (t.matches(other, otherNs)) {
                    anti.add(nodeLabels, t.topologyKey(), delta);
                }
            }
        }
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        return update(state, podToSchedule, added, node, 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        return update(state, podToSchedule, removed, node, -1);
    }

    /** Replaces the PreFilter state with a copy that counts {@code changed} {@code delta} more times. */
    private Status update(CycleState state, Pod pod, PodInfo changed, NodeInfo node, long delta) {
        if (!state.contains(PRE_FILTER_KEY)) {
            return Status.success();
        }
        FilterState s = state.read(PRE_FILTER_KEY, FilterState.class);
        FilterState updated = new FilterState(s.terms(), s.existingAntiAffinity().copy(), s.affinity().copy(),
                s.antiAffinity().copy());
        count(pod, s.terms(), orEmpty(namespaces.labelsOf(pod.getMetadata().getNamespace())), changed.pod(),
                node.node().getMetadata().getLabels(), updated.existingAntiAffinity(), updated.affinity(),
                updated.antiAffinity(), delta);
        state.write(PRE_FILTER_KEY, updated);
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (!state.contains(PRE_FILTER_KEY)) {
            return Status.error("reading \"" + PRE_FILTER_KEY + "\" from cycleState: not found");
        }
        FilterState s = state.read(PRE_FILTER_KEY, FilterState.class);
        Map<String, String> labels = orEmpty(node.node().getMetadata().getLabels());
        if (!satisfiesAffinity(s, pod, labels)) {
            return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_AFFINITY);
        }
        for (AffinityTerm t : s.terms().requiredAntiAffinity()) {
            String value = labels.get(t.topologyKey());
            if (value != null && s.antiAffinity().get(t.topologyKey(), value) > 0) {
                return Status.of(Code.UNSCHEDULABLE, ERR_REASON_ANTI_AFFINITY);
            }
        }
        if (s.existingAntiAffinity().anyPositive(labels)) {
            return Status.of(Code.UNSCHEDULABLE, ERR_REASON_EXISTING_ANTI_AFFINITY);
        }
        return Status.success();
    }

    private boolean satisfiesAffinity(FilterState s, Pod pod, Map<String, String> labels) {
        boolean podsExist = true;
        for (AffinityTerm t : s.terms().requiredAffinity()) {
            String value = labels.get(t.topologyKey());
            if (value == null) {
                return false; // every term's topology key must be on the node
            }
            if (s.affinity().get(t.topologyKey(), value) <= 0) {
                podsExist = false;
            }
        }
        if (podsExist) {
            return true;
        }
        // The first pod of a group whose affinity selects itself: no matching pod exists anywhere,
        // so let it in where the topology keys exist, or the group could never start.
        return s.affinity().isEmpty()
                && matchesAll(s.terms().requiredAffinity(), pod, namespaces.labelsOf(pod.getMetadata().getNamespace()));
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        if (feasibleNodes.isEmpty()) {
            return Status.skip();
        }
        PodAffinityTerms terms;
        try {
            terms = PodAffinityTerms.of(pod);
        } catch (IllegalArgumentException e) {
            return Status.error("parsing pod: " + e.getMessage());
        }
        boolean hasConstraints = terms.hasPreferred();
        Map<String, String> podNamespaceLabels = orEmpty(namespaces.labelsOf(pod.getMetadata().getNamespace()));
        Snapshot snapshot = state.contains(ImageLocality.SNAPSHOT_KEY)
                ? state.read(ImageLocality.SNAPSHOT_KEY, Snapshot.class) : null;
        List<NodeInfo> allNodes = snapshot == null ? feasibleNodes
                : hasConstraints ? snapshot.nodeInfos() : snapshot.nodesWithPodsWithAffinity();
        TopologyCounts scores = new TopologyCounts();
        for (NodeInfo node : allNodes) {
            Map<String, String> nodeLabels = node.node().getMetadata().getLabels();
            if (nodeLabels == null || nodeLabels.isEmpty()) {
                continue;
            }
            // Without preferred terms of its own, only pods with affinity can contribute.
            for (PodInfo existing : hasConstraints ? node.pods() : node.podsWithAffinity()) {
                Pod other = existing.pod();
                if (hasConstraints) {
                    Map<String, String> otherNs = namespaces.labelsOf(other.getMetadata().getNamespace());
                    addMatching(scores, terms.preferredAffinity(), other, otherNs, nodeLabels, 1);
                    addMatching(scores, terms.preferredAntiAffinity(), other, otherNs, nodeLabels, -1);
                }
                PodAffinityTerms theirs = termsOf(other);
                if (hardPodAffinityWeight > 0) {
                    // Required terms are compiled with weight 1, so the multiplier is their score weight.
                    addMatching(scores, theirs.requiredAffinity(), pod, podNamespaceLabels, nodeLabels, hardPodAffinityWeight);
                }
                addMatching(scores, theirs.preferredAffinity(), pod, podNamespaceLabels, nodeLabels, 1);
                addMatching(scores, theirs.preferredAntiAffinity(), pod, podNamespaceLabels, nodeLabels, -1);
            }
        }
        if (scores.isEmpty()) {
            return Status.skip();
        }
        state.write(PRE_SCORE_KEY, scores);
        return Status.success();
    }

    /**
     * For each term that {@code target} matches, adds {@code multiplier * weight} to the domain,
     * under the term's topology key, of the node holding the existing pod.
     */
    private static void addMatching(TopologyCounts scores, List<AffinityTerm> terms, Pod target, Map<String, String> targetNs,
                                    Map<String, String> nodeLabels, int multiplier) {
        for (AffinityTerm t : terms) {
            if (t.matches(target, targetNs)) {
                scores.add(nodeLabels, t.topologyKey(), (long) multiplier * t.weight());
            }
        }
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        if (!state.contains(PRE_SCORE_KEY)) {
            return 0;
        }
        return state.read(PRE_SCORE_KEY, TopologyCounts.class).sumFor(node.node().getMetadata().getLabels());
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        if (!state.contains(PRE_SCORE_KEY) || scores.length == 0) {
            return Status.success();
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            // As upstream: float arithmetic, truncated; equal scores all become 0.
            scores[i] = diff > 0 ? (long) (ScorePlugin.MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        List<ClusterEvent> events = new ArrayList<>();
        events.add(new ClusterEvent("Pod", ClusterEvent.Action.ADD));
        events.add(new ClusterEvent("Pod", ClusterEvent.Action.UPDATE));
        events.add(ClusterEvent.ASSIGNED_POD_DELETE);
        events.addAll(ClusterEvent.nodeEvents());
        return List.copyOf(events);
    }

    private static boolean matchesAll(List<AffinityTerm> terms, Pod pod, Map<String, String> nsLabels) {
        if (terms.isEmpty()) {
            return false;
        }
        for (AffinityTerm t : terms) {
            if (!t.matches(pod, nsLabels)) {
                return false;
            }
        }
        return true;
    }

    /** An existing pod's terms; a malformed one (the apiserver validates, so rare) contributes none. */
    private static PodAffinityTerms termsOf(Pod existing) {
        try {
            return PodAffinityTerms.of(existing);
        } catch (IllegalArgumentException e) {
            return PodAffinityTerms.NONE;
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** Counts (or score sums) per topology domain, keyed by topology key then value. Not thread-safe while built. */
    static final class TopologyCounts {
        private final Map<String, Map<String, Long>> byKey = new HashMap<>();

        /** Adds {@code delta} to the domain of {@code nodeLabels} under {@code key}; nodes without the key are ignored. */
        void add(Map<String, String> nodeLabels, String key, long delta) {
            String value = nodeLabels == null ? null : nodeLabels.get(key);
            if (value == null) {
                return;
            }
            Map<String, Long> values = byKey.computeIfAbsent(key, k -> new HashMap<>());
            // A simulation may bring a count back to zero: drop it, so isEmpty means "no match anywhere".
            if (values.merge(value, delta, Long::sum) == 0) {
                values.remove(value);
                if (values.isEmpty()) {
                    byKey.remove(key);
                }
            }
        }

        long get(String key, String value) {
            Map<String, Long> values = byKey.get(key);
            return values == null ? 0 : values.getOrDefault(value, 0L);
        }

        boolean isEmpty() {
            return byKey.isEmpty();
        }

        /** An independent copy. */
        TopologyCounts copy() {
            TopologyCounts c = new TopologyCounts();
            byKey.forEach((k, v) -> c.byKey.put(k, new HashMap<>(v)));
            return c;
        }

        /** Whether any domain the node belongs to has a positive count. */
        boolean anyPositive(Map<String, String> nodeLabels) {
            for (var e : nodeLabels.entrySet()) {
                if (get(e.getKey(), e.getValue()) > 0) {
                    return true;
                }
            }
            return false;
        }

        /** The sum over the domains the node belongs to. */
        long sumFor(Map<String, String> nodeLabels) {
            long sum = 0;
            if (nodeLabels != null) {
                for (var e : byKey.entrySet()) {
                    String v = nodeLabels.get(e.getKey());
                    if (v != null) {
                        sum += e.getValue().getOrDefault(v, 0L);
                    }
                }
            }
            return sum;
        }
    }
}
