package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.container;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.PluginHarness.scores;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NodeResourcesFit's three strategies and NodeResourcesBalancedAllocation over the same small
 * clusters. Expected values follow upstream's formulas (integer division, rounding where upstream
 * rounds).
 */
class ResourceScoringTest {

    private static final List<ScoringStrategy.ShapePoint> LEAST_LIKE_SHAPE =
            List.of(new ScoringStrategy.ShapePoint(0, 10), new ScoringStrategy.ShapePoint(100, 0));
    private static final List<ScoringStrategy.ShapePoint> MOST_LIKE_SHAPE =
            List.of(new ScoringStrategy.ShapePoint(0, 0), new ScoringStrategy.ShapePoint(100, 10));

    record Case(String name, ScorePlugin plugin, Pod pod, Snapshot cluster, long[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** node1: 4 CPU / 10000 bytes; node2: 6 CPU / 10000 bytes; nothing running. */
    private static Snapshot twoSizes() {
        return Snapshot.of(List.of(node("node1", "cpu", "4", "memory", "10000").build(),
                node("node2", "cpu", "6", "memory", "10000").build()), List.of());
    }

    /** A pod requesting 3 CPU and 5000 bytes over two containers. */
    private static Pod cpuAndMemory() {
        Pod p = pod("p").build();
        p.getSpec().setContainers(List.of(container("a", "cpu", "1", "memory", "2000"), container("b", "cpu", "2", "memory", "3000")));
        return p;
    }

    private static NodeResourcesFit fit(ScoringStrategy s) {
        return new NodeResourcesFit(s, java.util.Set.of());
    }

    static Stream<Case> cases() {
        var least = fit(new ScoringStrategy.LeastAllocated(ResourceSpec.DEFAULTS));
        var most = fit(new ScoringStrategy.MostAllocated(ResourceSpec.DEFAULTS));
        var ratioLeast = fit(new ScoringStrategy.RequestedToCapacityRatio(ResourceSpec.DEFAULTS, LEAST_LIKE_SHAPE));
        var ratioMost = fit(new ScoringStrategy.RequestedToCapacityRatio(ResourceSpec.DEFAULTS, MOST_LIKE_SHAPE));
        var cpuHeavy = fit(new ScoringStrategy.LeastAllocated(List.of(new ResourceSpec("cpu", 3), new ResourceSpec("memory", 1))));
        var balanced = new NodeResourcesBalancedAllocation();
        var balanced3 = new NodeResourcesBalancedAllocation(List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1),
                new ResourceSpec("example.com/gpu", 1)));
        Snapshot bigMemory = Snapshot.of(List.of(node("n", "cpu", "1", "memory", "2000Mi").build()), List.of());
        Snapshot withGpu = Snapshot.of(List.of(node("n", "cpu", "4", "memory", "10000", "example.com/gpu", "4").build()), List.of());
        Pod gpuPod = cpuAndMemory();
        gpuPod.getSpec().getContainers().getFirst().getResources().getRequests()
                .put("example.com/gpu", new io.fabric8.kubernetes.api.model.Quantity("1"));
        Snapshot busy = Snapshot.of(List.of(node("node1", "cpu", "4", "memory", "10000").build(),
                node("node2", "cpu", "6", "memory", "10000").build()),
                List.of(on(pod("e1", "cpu", "1", "memory", "3000").build(), "node1"), on(pod("e2").build(), "node2")));
        return Stream.of(
                new Case("least: differently sized nodes", least, cpuAndMemory(), twoSizes(), new long[]{37, 50}),
                new Case("least: request-less pod counts 100m/200Mi", least, pod("p").build(), bigMemory, new long[]{90}),
                new Case("least: resource weights", cpuHeavy, cpuAndMemory(), twoSizes(), new long[]{(25 * 3 + 50) / 4, 50}),
                new Case("least: existing pods, request-less ones at defaults", least, pod("p", "cpu", "1", "memory", "1000").build(), busy,
                        // node1: cpu (4000-2000)/4000=50, mem (10000-4000)/10000=60 -> 55
                        // node2: cpu (6000-1100)*100/6000=81, mem (10000-1000-209715200)<0 -> 0 -> 40
                        new long[]{55, 40}),
                new Case("most: differently sized nodes", most, cpuAndMemory(), twoSizes(), new long[]{62, 50}),
                new Case("most: over capacity is capped", most, pod("p", "cpu", "8", "memory", "20000").build(), twoSizes(), new long[]{100, 100}),
                new Case("ratio: least-like shape", ratioLeast, cpuAndMemory(), twoSizes(), new long[]{38, 50}),
                new Case("ratio: most-like shape", ratioMost, cpuAndMemory(), twoSizes(), new long[]{63, 50}),
                new Case("balanced: uneven fractions lose", balanced, cpuAndMemory(), twoSizes(), new long[]{87, 100}),
                new Case("balanced: three resources use the standard deviation", balanced3, gpuPod, withGpu, new long[]{79}),
                new Case("balanced: plain requests, request-less pods skip", balanced, pod("p").build(), twoSizes(), new long[]{0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        assertThat(scores(c.plugin(), c.pod(), c.cluster())).containsExactly(c.expected());
    }
}
