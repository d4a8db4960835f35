package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.NodeInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What PodTopologySpread's PreScore computes for Score: per soft constraint, the matching pods in
 * each domain that holds a feasible node, and the constraint's normalizing weight ln(domains + 2).
 * Hostname constraints are counted per node during Score instead. Immutable once built.
 *
 * @param constraints  the ScheduleAnyway (or default) constraints
 * @param ignoredNodes feasible nodes lacking a topology key when all keys are required; they score 0
 * @param domainCounts per constraint, matching pods by topology value (hostname constraints: empty)
 * @param weights      per constraint, the topology normalizing weight
 */
record SpreadScoreState(List<SpreadConstraint> constraints, Set<String> ignoredNodes,
                        List<Map<String, Long>> domainCounts, double[] weights) {

    static final String HOSTNAME = "kubernetes.io/hostname";

    /**
     * Builds the state: domains come from {@code feasible}, pods are counted over {@code allNodes}
     * that pass each constraint's inclusion policies (and carry every key when
     * {@code requireAllTopologies}).
     */
    static SpreadScoreState compute(Pod pod, List<SpreadConstraint> constraints, List<NodeInfo> feasible,
                                    List<NodeInfo> allNodes, boolean requireAllTopologies) {
        Set<String> ignored = new HashSet<>();
        List<Map<String, Long>> counts = new ArrayList<>();
        constraints.forEach(c -> counts.add(new HashMap<>()));
        for (NodeInfo info : feasible) {
            Map<String, String> labels = info.node().getMetadata().getLabels();
            if (requireAllTopologies && !SpreadConstraint.allKeysPresent(labels, constraints)) {
                ignored.add(info.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                String key = constraints.get(i).topologyKey();
                if (!key.equals(HOSTNAME)) {
                    // As upstream: without all keys required, a node lacking this key forms the
                    // "" domain, which widens the weight but is never scored.
                    counts.get(i).putIfAbsent(valueOf(labels, key), 0L);
                }
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            int size = constraints.get(i).topologyKey().equals(HOSTNAME)
                    ? feasible.size() - ignored.size() : counts.get(i).size();
            weights[i] = Math.log(size + 2);
        }
        String namespace = pod.getMetadata().getNamespace();
        for (NodeInfo info : allNodes) {
            Node node = info.node();
            Map<String, String> labels = node.getMetadata().getLabels();
            if (requireAllTopologies && !SpreadConstraint.allKeysPresent(labels, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                SpreadConstraint c = constraints.get(i);
                String value = valueOf(labels, c.topologyKey());
                // Only domains holding a feasible node matter; per-node (hostname) counts come in Score.
                if (!counts.get(i).containsKey(value) || !c.includes(pod, node)) {
                    continue;
                }
                counts.get(i).merge(value, (long) c.countMatching(info.pods(), namespace), Long::sum);
            }
        }
        return new SpreadScoreState(List.copyOf(constraints), Set.copyOf(ignored),
                counts.stream().map(Map::copyOf).toList(), weights);
    }

    /**
     * The raw score of {@code info}: per constraint whose key the node carries,
     * {@code count * weight + (maxSkew - 1)}, summed and rounded. Higher means more crowded.
     */
    long score(Pod pod, NodeInfo info) {
        if (ignoredNodes.contains(info.name())) {
            return 0;
        }
        Map<String, String> labels = info.node().getMetadata().getLabels();
        double score = 0;
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint c = constraints.get(i);
            String value = labels == null ? null : labels.get(c.topologyKey());
            if (value == null) {
                continue;
            }
            long count = c.topologyKey().equals(HOSTNAME)
                    ? c.countMatching(info.pods(), pod.getMetadata().getNamespace())
                    : domainCounts.get(i).getOrDefault(value, 0L);
            score += count * weights[i] + (c.maxSkew() - 1);
        }
        return Math.round(score);
    }

    private static String valueOf(Map<String, String> labels, String key) {
        String v = labels == null ? null : labels.get(key);
        return v == null ? "" : v;
    }
}
