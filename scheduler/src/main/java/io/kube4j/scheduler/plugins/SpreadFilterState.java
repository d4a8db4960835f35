package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What PodTopologySpread's PreFilter computes for Filter: per hard constraint, the number of
 * matching pods in each eligible domain (topology value). A node is eligible when it carries every
 * constraint's topology key and passes that constraint's inclusion policies; domains with no
 * matching pod count too, with 0. Immutable once built, so Filter may read it concurrently.
 *
 * @param constraints   the DoNotSchedule constraints, in the pod's order
 * @param domainCounts  per constraint (same index), matching pods by topology value
 */
record SpreadFilterState(List<SpreadConstraint> constraints, List<Map<String, Integer>> domainCounts) {

    SpreadFilterState {
        constraints = List.copyOf(constraints);
        domainCounts = domainCounts.stream().map(Map::copyOf).toList();
    }

    /** Counts the pods of {@code nodes} for {@code constraints} on behalf of {@code pod}. */
    static SpreadFilterState compute(Pod pod, List<SpreadConstraint> constraints, List<NodeInfo> nodes) {
        return compute(pod, constraints, nodes, new SpreadCountCache());
    }

    /**
     * As {@link #compute(Pod, List, List)}, reusing the per-node counts {@code cache} kept for
     * nodes that did not change since an earlier cycle.
     */
    static SpreadFilterState compute(Pod pod, List<SpreadConstraint> constraints, List<NodeInfo> nodes,
                                     SpreadCountCache cache) {
        // Mutable cells while summing 5,000 nodes: HashMap.merge with boxed Integers was a top frame.
        List<Map<String, int[]>> cells = new ArrayList<>();
        String namespace = pod.getMetadata().getNamespace();
        SpreadCountCache.Column[] columns = new SpreadCountCache.Column[constraints.size()];
        boolean[] everyNode = new boolean[constraints.size()];
        for (int i = 0; i < constraints.size(); i++) {
            cells.add(new HashMap<>());
            columns[i] = cache.column(constraints.get(i), namespace, nodes);
            everyNode[i] = constraints.get(i).includesEveryNode(pod);
        }
        for (int j = 0; j < nodes.size(); j++) {
            if (!allKeysPresent(columns, j)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                if (!everyNode[i] && !constraints.get(i).includes(pod, nodes.get(j).node())) {
                    continue;
                }
                String domain = columns[i].domain()[j];
                int[] cell = cells.get(i).get(domain);
                if (cell == null) {
                    cell = new int[1];
                    cells.get(i).put(domain, cell);
                }
                cell[0] += columns[i].count()[j];
            }
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (Map<String, int[]> m : cells) {
            Map<String, Integer> c = new HashMap<>();
            m.forEach((domain, cell) -> c.put(domain, cell[0]));
            counts.add(c);
        }
        return new SpreadFilterState(constraints, counts);
    }

    /** Whether node {@code j} carries every constraint's topology key. */
    private static boolean allKeysPresent(SpreadCountCache.Column[] columns, int j) {
        for (SpreadCountCache.Column c : columns) {
            if (c.domain()[j] == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * The global minimum of constraint {@code i}: the smallest domain count, or 0 when there are
     * fewer eligible domains than its minDomains.
     */
    int minMatchNum(int i) {
        Map<String, Integer> counts = domainCounts.get(i);
        if (counts.size() < constraints.get(i).minDomains()) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        for (int n : counts.values()) {
            min = Math.min(min, n);
        }
        return min;
    }

    /** Matching pods in domain {@code value} of constraint {@code i} (0 for an unknown domain). */
    int matchNum(int i, String value) {
        return domainCounts.get(i).getOrDefault(value, 0);
    }

    /**
     * This state with {@code changed}, on {@code info}'s node, counted {@code delta} more times
     * (+1 added, -1 removed by a simulation); the same state when nothing changes.
     */
    SpreadFilterState withPod(Pod pod, PodInfo changed, NodeInfo info, int delta) {
        Node node = info.node();
        Map<String, String> labels = node.getMetadata().getLabels();
        if (!SpreadConstraint.allKeysPresent(labels, constraints)) {
            return this;
        }
        List<Map<String, Integer>> counts = null;
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint c = constraints.get(i);
            if (!c.includes(pod, node)) {
                continue;
            }
            int n = c.countMatching(List.of(changed), pod.getMetadata().getNamespace());
            if (n == 0) {
                continue;
            }
            if (counts == null) {
                counts = new ArrayList<>();
                for (Map<String, Integer> m : domainCounts) {
                    counts.add(new HashMap<>(m));
                }
            }
            counts.get(i).merge(labels.get(c.topologyKey()), delta * n, Integer::sum);
        }
        return counts == null ? this : new SpreadFilterState(constraints, counts);
    }
}
