package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PluginException;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleOneTest {

    private static ScheduleResult schedule(ScheduleOne algo, Pod pod, Snapshot s) throws FitError {
        return algo.schedulePod(new CycleState(), pod, s);
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() throws FitError {
        Snapshot s = Snapshot.of(List.of(node("busy", "cpu", "4", "memory", "8Gi").build(), node("idle", "cpu", "4", "memory", "8Gi").build()),
                List.of(on(pod("e", "cpu", "3", "memory", "6Gi").build(), "busy")));
        ScheduleResult r = schedule(new ScheduleOne(Profile.defaults(), new Random(7)), pod("p", "cpu", "500m", "memory", "1Gi").build(), s);
        assertThat(r).isEqualTo(new ScheduleResult("idle", 2, 2));
    }

    @Test
    void preferNoScheduleTaintOutweighsASlightlyEmptierNode() throws FitError {
        // TaintToleration (weight 3) gives the clean node 300 more; resources differ by far less.
        Snapshot s = Snapshot.of(List.of(
                withTaints(node("tainted", "cpu", "4", "memory", "8Gi").build(), taint("soft", "", "PreferNoSchedule")),
                node("clean", "cpu", "4", "memory", "8Gi").build()),
                List.of(on(pod("e", "cpu", "1").build(), "clean")));
        assertThat(schedule(new ScheduleOne(Profile.defaults(), new Random(7)), pod("p", "cpu", "100m").build(), s).suggestedHost())
                .isEqualTo("clean");
    }

    @Test
    void preferredNodeAffinityWins() throws FitError {
        Pod p = pod("p", "cpu", "100m").build();
        p.getSpec().setAffinity(new AffinityBuilder().withNewNodeAffinity().withPreferredDuringSchedulingIgnoredDuringExecution(
                new PreferredSchedulingTerm(new NodeSelectorTerm(List.of(new NodeSelectorRequirement("zone", "In", List.of("b"))), List.of()), 10))
                .endNodeAffinity().build());
        Snapshot s = Snapshot.of(List.of(withLabels(node("a1", "cpu", "4").build(), "zone", "a"),
                withLabels(node("b1", "cpu", "4").build(), "zone", "b"),
                withLabels(node("a2", "cpu", "4").build(), "zone", "a")), List.of());
        assertThat(schedule(new ScheduleOne(Profile.defaults(), new Random(7)), p, s).suggestedHost()).isEqualTo("b1");
    }

    @Test
    void aSingleFeasibleNodeIsTakenWithoutScoring() throws FitError {
        Node tainted = withTaints(node("t", "cpu", "4").build(), taint("x", "y", "NoSchedule"));
        Snapshot s = Snapshot.of(List.of(tainted, node("ok", "cpu", "4").build()), List.of());
        assertThat(schedule(new ScheduleOne(Profile.defaults(), new Random(7)), pod("p").build(), s))
                .isEqualTo(new ScheduleResult("ok", 2, 1));
    }

    @Test
    void tiesAreBrokenUniformly() throws FitError {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(node("n" + i, "cpu", "4", "memory", "8Gi").build());
        }
        Snapshot s = Snapshot.of(nodes, List.of());
        ScheduleOne algo = new ScheduleOne(Profile.defaults(), new Random(42));
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            picks.merge(schedule(algo, pod("p" + i, "cpu", "1").build(), s).suggestedHost(), 1, Integer::sum);
        }
        assertThat(picks).containsOnlyKeys("n0", "n1", "n2");
        assertThat(picks.values()).allSatisfy(n -> assertThat(n).isBetween(140, 260));
    }

    @Test
    void filteringResumesWhereThePreviousCycleStopped() throws FitError {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nodes.add(node("n" + i, "cpu", "4").build());
        }
        Snapshot s = Snapshot.of(nodes, List.of());
        Profile p = Profile.builder("x").add(new PrioritySort()).add(new NodeResourcesFit()).percentageOfNodesToScore(40).build();
        ScheduleOne algo = new ScheduleOne(p, new Random(1));
        ScheduleResult first = schedule(algo, pod("a", "cpu", "1").build(), s);
        assertThat(first.evaluatedNodes()).isEqualTo(120);
        assertThat(algo.nextStartNodeIndex()).isEqualTo(120);
        schedule(algo, pod("b", "cpu", "1").build(), s);
        schedule(algo, pod("c", "cpu", "1").build(), s);
        assertThat(algo.nextStartNodeIndex()).isEqualTo(60);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 50, 50", "null, 99, 99", "null, 100, 100", "null, 1000, 420", "null, 5000, 500", "null, 6000, 300",
            "null, 10000, 500", "0, 1000, 420", "10, 500, 100", "30, 1000, 300", "100, 1000, 1000"})
    void numberOfFeasibleNodesToFind(Integer percentage, int nodes, int expected) {
        assertThat(ScheduleOne.numFeasibleNodesToFind(percentage, nodes)).isEqualTo(expected);
    }

    @Test
    void aScoreOutOfRangeIsAnError() {
        ScorePlugin broken = new ScorePlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public long score(CycleState state, Pod pod, NodeInfo node) {
                return 101;
            }
        };
        Profile p = Profile.builder("x").add(new PrioritySort()).add(broken).build();
        Snapshot s = Snapshot.of(List.of(node("a").build(), node("b").build()), List.of());
        assertThatThrownBy(() -> schedule(new ScheduleOne(p, new Random(1)), pod("p").build(), s))
                .isInstanceOf(PluginException.class).hasMessageContaining("invalid score 101");
    }

    @Test
    void anEmptyClusterIsAnError() {
        assertThatThrownBy(() -> schedule(new ScheduleOne(Profile.defaults(), new Random(1)), pod("p").build(),
                Snapshot.of(List.of(), List.of()))).hasMessage("no nodes available to schedule pods");
    }

    @Test
    void defaultProfileHasUpstreamWeights() {
        Map<String, Integer> weights = new HashMap<>();
        Profile.defaults().score().forEach(w -> weights.put(w.plugin().name(), w.weight()));
        assertThat(weights).isEqualTo(Map.of("TaintToleration", 3, "NodeAffinity", 2, "PodTopologySpread", 2,
                "InterPodAffinity", 2, "NodeResourcesFit", 1, "NodeResourcesBalancedAllocation", 1, "ImageLocality", 1));
        assertThat(Profile.defaults().filter()).extracting(f -> f.name())
                .containsExactly("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts",
                        "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity");
    }
}
