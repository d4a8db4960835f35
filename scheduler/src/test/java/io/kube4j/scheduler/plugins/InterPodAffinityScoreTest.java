package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledNode;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labelledPod;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.labels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.matchLabels;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.term;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.weighted;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAffinity;
import static io.kube4j.scheduler.plugins.PodAffinityFixtures.withAntiAffinity;
import static io.kube4j.scheduler.testing.PluginHarness.scores;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Score cases after upstream's documented behaviour: per-domain sums of matching preferred terms
 * (the incoming pod's and the existing pods'), existing pods' required affinity weighted
 * hardPodAffinityWeight, normalized min-to-max onto 0..100.
 */
class InterPodAffinityScoreTest {

    private static final String REGION = "region";
    private static final String HOST = "kubernetes.io/hostname";

    record Case(String name, Pod pod, List<Pod> existing, int hardWeight, long[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** node1 and node3 in region China, node2 in India, node4 without a region. */
    static List<Node> nodes() {
        return List.of(
                labelledNode("node1", REGION, "China", HOST, "node1"),
                labelledNode("node2", REGION, "India", HOST, "node2"),
                labelledNode("node3", REGION, "China", HOST, "node3"),
                labelledNode("node4", "az", "az1", HOST, "node4"));
    }

    static Pod incoming(String... labelKv) {
        return labelledPod("incoming", "default", null, labels(labelKv));
    }

    static Pod on(String node, String name, String... labelKv) {
        return labelledPod(name, "default", node, labels(labelKv));
    }

    static Pod prefers(Pod p, int weight, String topology, String... selectorKv) {
        return withAffinity(p, List.of(), List.of(weighted(weight, term(topology, matchLabels(selectorKv)))));
    }

    static Pod avoids(Pod p, int weight, String topology, String... selectorKv) {
        return withAntiAffinity(p, List.of(), List.of(weighted(weight, term(topology, matchLabels(selectorKv)))));
    }

    static Pod requires(Pod p, String topology, String... selectorKv) {
        return withAffinity(p, List.of(term(topology, matchLabels(selectorKv))), List.of());
    }

    static long[] s(long... v) {
        return v;
    }

    static Stream<Case> cases() {
        Pod s1OnNode1 = on("node1", "s1", "security", "S1");
        Pod s2OnNode2 = on("node2", "s2", "security", "S2");
        Pod both = incoming();
        withAffinity(both, List.of(), List.of(weighted(8, term(REGION, matchLabels("security", "S1")))));
        withAntiAffinity(both, List.of(), List.of(weighted(5, term(REGION, matchLabels("security", "S2")))));
        return Stream.of(
                new Case("no affinity anywhere: all nodes score 0", incoming("security", "S1"),
                        List.of(s1OnNode1, s2OnNode2), 1, s(0, 0, 0, 0)),
                new Case("preferred affinity: the matching pod's region scores top, other regions and no region 0",
                        prefers(incoming(), 5, REGION, "security", "S1"), List.of(s1OnNode1, s2OnNode2), 1, s(100, 0, 100, 0)),
                new Case("preferred anti-affinity: the matching pod's region scores 0, the rest top",
                        avoids(incoming(), 5, REGION, "security", "S1"), List.of(s1OnNode1, s2OnNode2), 1, s(0, 100, 0, 100)),
                new Case("affinity and anti-affinity combined: +8 China, -5 India, 0 elsewhere",
                        both, List.of(s1OnNode1, s2OnNode2), 1, s(100, 0, 100, 38)),
                new Case("every matching pod adds its weight again",
                        prefers(incoming(), 2, HOST, "security", "S1"),
                        List.of(s1OnNode1, on("node1", "s1b", "security", "S1"), on("node2", "s1c", "security", "S1")), 1,
                        s(100, 50, 0, 0)),
                new Case("existing pod's required affinity matching the incoming pod scores its region (symmetry)",
                        incoming("security", "S1"), List.of(requires(on("node1", "e", "app", "x"), REGION, "security", "S1")), 1,
                        s(100, 0, 100, 0)),
                new Case("hardPodAffinityWeight 0 ignores existing pods' required affinity",
                        incoming("security", "S1"), List.of(requires(on("node1", "e", "app", "x"), REGION, "security", "S1")), 0,
                        s(0, 0, 0, 0)),
                new Case("existing pods' preferred affinity adds, preferred anti-affinity subtracts",
                        incoming("security", "S1"),
                        List.of(prefers(on("node1", "a", "app", "x"), 5, REGION, "security", "S1"),
                                avoids(on("node2", "b", "app", "y"), 3, REGION, "security", "S1")), 1,
                        s(100, 0, 100, 37)),
                new Case("hardPodAffinityWeight weighs required terms against preferred ones",
                        avoids(incoming("security", "S1"), 5, REGION, "app", "x"),
                        List.of(requires(on("node1", "e", "app", "x"), REGION, "security", "S1")), 2, s(0, 100, 0, 100)),
                new Case("an existing pod's term whose topology key its node lacks contributes nothing",
                        incoming("security", "S1"), List.of(requires(on("node4", "e", "app", "x"), REGION, "security", "S1")), 1,
                        s(0, 0, 0, 0)),
                new Case("existing pods' terms see only their own namespace by default",
                        labelledPod("incoming", "other", null, labels("security", "S1")),
                        List.of(prefers(on("node1", "a", "app", "x"), 5, REGION, "security", "S1")), 1, s(0, 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        Snapshot snapshot = Snapshot.of(nodes(), c.existing());
        assertThat(scores(new InterPodAffinity(NamespaceLabels.automatic(), c.hardWeight()), c.pod(), snapshot))
                .containsExactly(c.expected());
    }

    @Test
    void existingPodsOnInfeasibleNodesStillScoreTheirDomain() {
        Snapshot snapshot = Snapshot.of(nodes(), List.of(on("node1", "s1", "security", "S1")));
        var plugin = new InterPodAffinity();
        Pod pod = prefers(incoming(), 5, REGION, "security", "S1");
        CycleState state = new CycleState();
        state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        List<NodeInfo> feasible = List.of(snapshot.get("node2"), snapshot.get("node3"));
        assertThat(plugin.preScore(state, pod, feasible).isSuccess()).isTrue();
        long[] scores = {plugin.score(state, pod, feasible.get(0)), plugin.score(state, pod, feasible.get(1))};
        assertThat(scores).containsExactly(0, 5);
        assertThat(plugin.normalizeScore(state, pod, feasible, scores).isSuccess()).isTrue();
        assertThat(scores).containsExactly(0, 100);
    }

    @Test
    void withoutPreferredTermsOnlyTheSnapshotsPodsWithAffinityScore() {
        Pod requiresS1 = requires(on("node2", "r1"), REGION, "security", "S1");
        Snapshot plain = Snapshot.of(nodes(), List.of(on("node1", "s1", "security", "S1")));
        var plugin = new InterPodAffinity();
        Pod pod = incoming("security", "S1");
        assertThat(scores(plugin, pod, plain)).containsExactly(0, 0, 0, 0);

        NodeInfo node2 = plain.get("node2").copy();
        node2.addPod(requiresS1);
        Snapshot withAffinity = plain.withReplaced(Map.of("node2", node2));
        assertThat(withAffinity.nodesWithPodsWithAffinity()).extracting(NodeInfo::name).containsExactly("node2");
        // r1's required term matches the incoming pod: its region (India) scores, normalized to 100.
        assertThat(scores(plugin, pod, withAffinity)).containsExactly(0, 100, 0, 0);
    }

    @Test
    void preScoreSkipsWithoutFeasibleNodesOrContributions() {
        var plugin = new InterPodAffinity();
        Pod pod = prefers(incoming(), 5, REGION, "security", "S1");
        assertThat(plugin.preScore(new CycleState(), pod, List.of()).isSkip()).isTrue();
        Snapshot empty = Snapshot.of(nodes(), List.of());
        assertThat(plugin.preScore(new CycleState(), pod, empty.nodeInfos()).isSkip()).isTrue();
    }

    @Test
    void namespaceSelectorOfPreferredTermUsesNamespaceLabels() {
        Pod pod = withAffinity(incoming(), List.of(), List.of(weighted(4,
                term(REGION, matchLabels("security", "S1"), null, matchLabels("team", "a")))));
        Snapshot snapshot = Snapshot.of(nodes(), List.of(
                labelledPod("a", "team-a", "node2", labels("security", "S1")),
                labelledPod("b", "team-b", "node1", labels("security", "S1"))));
        var plugin = new InterPodAffinity(NamespaceLabels.of(Map.of("team-a", labels("team", "a"), "team-b", labels("team", "b"))), 1);
        assertThat(scores(plugin, pod, snapshot)).containsExactly(0, 100, 0, 0);
    }

    @Test
    void configurationAndEvents() {
        var plugin = new InterPodAffinity();
        assertThat(plugin.name()).isEqualTo("InterPodAffinity");
        assertThat(InterPodAffinity.DEFAULT_WEIGHT).isEqualTo(2);
        assertThat(plugin.eventsToRegister()).contains(new ClusterEvent("Pod", ClusterEvent.Action.ADD),
                new ClusterEvent("Pod", ClusterEvent.Action.UPDATE), ClusterEvent.ASSIGNED_POD_DELETE,
                ClusterEvent.NODE_ADD, new ClusterEvent("Node", ClusterEvent.Action.UPDATE_NODE_LABEL));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InterPodAffinity(NamespaceLabels.automatic(), 101))
                .isInstanceOf(IllegalArgumentException.class);
        Status none = plugin.normalizeScore(new CycleState(), incoming(), List.of(), new long[0]);
        assertThat(none.isSuccess()).isTrue();
    }
}
