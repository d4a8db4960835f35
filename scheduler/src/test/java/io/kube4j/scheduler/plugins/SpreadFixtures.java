package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;

/** Terse builders and cycle drivers for the PodTopologySpread tests. */
final class SpreadFixtures {

    static final String HOST = "kubernetes.io/hostname";

    private SpreadFixtures() {
    }

    /** A node with labels (alternating key/value). */
    static Node n(String name, String... labels) {
        return withLabels(node(name).build(), labels);
    }

    /** A node labelled zone=zone and hostname=name. */
    static Node zoned(String name, String zone) {
        return n(name, "zone", zone, HOST, name);
    }

    /** A pod in "default" with labels (alternating key/value), bound to {@code nodeName} unless null. */
    static Pod p(String name, String nodeName, String... labels) {
        Pod pod = pod(name).build();
        Map<String, String> l = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        pod.getMetadata().setLabels(l);
        pod.getSpec().setNodeName(nodeName);
        return pod;
    }

    /** {@code count} pods labelled foo="" on {@code nodeName}. */
    static List<Pod> foos(String nodeName, int count) {
        List<Pod> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(p("p-" + nodeName + "-" + i, nodeName, "foo", ""));
        }
        return out;
    }

    static LabelSelector exists(String key) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator("Exists").endMatchExpression().build();
    }

    static TopologySpreadConstraintBuilder tsc(int maxSkew, String key, String when, LabelSelector selector) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(maxSkew).withTopologyKey(key)
                .withWhenUnsatisfiable(when).withLabelSelector(selector);
    }

    /** {@code pod} with the given constraints. */
    static Pod spread(Pod pod, TopologySpreadConstraint... constraints) {
        pod.getSpec().setTopologySpreadConstraints(new ArrayList<>(List.of(constraints)));
        return pod;
    }

    /** PreFilter over every node, then Filter on each: the status per node name (all success on Skip). */
    static Map<String, Status> filterAll(PodTopologySpread plugin, Pod pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        PreFilterResult pre = plugin.preFilter(state, pod, snapshot.nodeInfos());
        Map<String, Status> out = new LinkedHashMap<>();
        for (NodeInfo n : snapshot.nodeInfos()) {
            out.put(n.name(), pre.status().isSkip() ? Status.success()
                    : pre.status().isSuccess() ? plugin.filter(state, pod, n) : pre.status());
        }
        return out;
    }

    /**
     * PreScore, Score and NormalizeScore over the nodes of {@code snapshot} named in
     * {@code feasible} (the rest failed filtering but still count); -1 per node when PreScore
     * skips.
     */
    static Map<String, Long> scoreAll(PodTopologySpread plugin, Pod pod, Snapshot snapshot, Set<String> feasible) {
        CycleState state = new CycleState();
        state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        List<NodeInfo> nodes = snapshot.nodeInfos().stream().filter(n -> feasible.contains(n.name())).toList();
        Map<String, Long> out = new LinkedHashMap<>();
        Status s = plugin.preScore(state, pod, nodes);
        if (s.isSkip()) {
            nodes.forEach(n -> out.put(n.name(), -1L));
            return out;
        }
        if (!s.isSuccess()) {
            throw new IllegalStateException(s.message());
        }
        long[] scores = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            scores[i] = plugin.score(state, pod, nodes.get(i));
        }
        Status norm = plugin.normalizeScore(state, pod, nodes, scores);
        if (!norm.isSuccess()) {
            throw new IllegalStateException(norm.message());
        }
        for (int i = 0; i < nodes.size(); i++) {
            out.put(nodes.get(i).name(), scores[i]);
        }
        return out;
    }
}
