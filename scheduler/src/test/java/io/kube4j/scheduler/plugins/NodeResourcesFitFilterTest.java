package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.container;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.PluginHarness.filter;
import static io.kube4j.scheduler.testing.PluginHarness.nodeInfo;
import static org.assertj.core.api.Assertions.assertThat;

/** Node: 10m CPU, 20 bytes memory, 20 bytes ephemeral storage, 32 pods, 5 example.com/foo. */
class NodeResourcesFitFilterTest {

    record Case(String name, Pod incoming, List<Pod> existing, String podLimit, Set<String> ignored, List<String> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Pod p(String... requests) {
        return pod("incoming", requests).build();
    }

    private static Pod used(String name, String... requests) {
        return on(pod(name, requests).build(), "n");
    }

    private static Pod withInit(Pod p, String... initRequests) {
        p.getSpec().setInitContainers(List.of(container("init", initRequests)));
        return p;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no resources requested always fits", p(), List.of(used("e", "cpu", "10m", "memory", "20")), "32", Set.of(), List.of()),
                new Case("too many resources fails", p("cpu", "1m", "memory", "1"), List.of(used("e", "cpu", "10m", "memory", "20")),
                        "32", Set.of(), List.of("Insufficient cpu", "Insufficient memory")),
                new Case("fits exactly", p("cpu", "5m", "memory", "5"), List.of(used("e", "cpu", "5m", "memory", "15")), "32", Set.of(), List.of()),
                new Case("cpu short, memory fine", p("cpu", "2m", "memory", "1"), List.of(used("e", "cpu", "9m", "memory", "5")),
                        "32", Set.of(), List.of("Insufficient cpu")),
                new Case("memory short, cpu fine", p("cpu", "1m", "memory", "2"), List.of(used("e", "cpu", "5m", "memory", "19")),
                        "32", Set.of(), List.of("Insufficient memory")),
                new Case("an init container's request is checked", withInit(p("cpu", "1m", "memory", "1"), "cpu", "3m", "memory", "1"),
                        List.of(used("e", "cpu", "8m", "memory", "19")), "32", Set.of(), List.of("Insufficient cpu")),
                new Case("a small init container is not added", withInit(p("cpu", "1m", "memory", "1"), "cpu", "1m", "memory", "1"),
                        List.of(used("e", "cpu", "9m", "memory", "19")), "32", Set.of(), List.of()),
                new Case("too many pods", p("cpu", "1m"), List.of(used("e")), "1", Set.of(), List.of("Too many pods")),
                new Case("too many pods and too much cpu", p("cpu", "1m"), List.of(used("e", "cpu", "10m")), "1", Set.of(),
                        List.of("Too many pods", "Insufficient cpu")),
                new Case("extended resource fits", p("example.com/foo", "3"), List.of(used("e", "example.com/foo", "2")), "32", Set.of(), List.of()),
                new Case("extended resource exhausted", p("example.com/foo", "4"), List.of(used("e", "example.com/foo", "2")), "32", Set.of(),
                        List.of("Insufficient example.com/foo")),
                new Case("extended resource the node lacks", p("example.com/bar", "1"), List.of(), "32", Set.of(),
                        List.of("Insufficient example.com/bar")),
                new Case("ignored extended resource", p("example.com/bar", "1"), List.of(), "32", Set.of("example.com/bar"), List.of()),
                new Case("ephemeral storage exhausted", p("ephemeral-storage", "25"), List.of(), "32", Set.of(),
                        List.of("Insufficient ephemeral-storage")),
                new Case("overhead is counted", overhead(p("cpu", "5m"), "cpu", "3m"), List.of(used("e", "cpu", "3m")), "32", Set.of(),
                        List.of("Insufficient cpu")));
    }

    @org.junit.jupiter.api.Test
    void ignoredResourceGroupsSkipEveryResourceOfTheDomain() {
        var n = node("n", "cpu", "1").build();
        Pod p = p("example.com/bar", "1", "other.io/baz", "1");
        var plugin = new NodeResourcesFit(ScoringStrategy.defaultStrategy(), Set.of(), Set.of("example.com"));
        assertThat(filter(plugin, p, nodeInfo(n)).reasons()).containsExactly("Insufficient other.io/baz");
    }

    private static Pod overhead(Pod p, String... overhead) {
        p.getSpec().setOverhead(io.kube4j.scheduler.testing.Fixtures.res(overhead));
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filter_(Case c) {
        var n = node("n", "cpu", "10m", "memory", "20", "ephemeral-storage", "20", "pods", c.podLimit(), "example.com/foo", "5").build();
        var info = nodeInfo(n, c.existing().toArray(Pod[]::new));
        Status s = filter(new NodeResourcesFit(ScoringStrategy.defaultStrategy(), c.ignored()), c.incoming(), info);
        if (c.reasons().isEmpty()) {
            assertThat(s.isSuccess()).as(s.message()).isTrue();
        } else {
            assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
            assertThat(s.reasons()).containsExactlyElementsOf(c.reasons());
        }
    }
}
