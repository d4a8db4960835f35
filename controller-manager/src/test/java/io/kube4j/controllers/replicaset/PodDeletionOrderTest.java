package io.kube4j.controllers.replicaset;

import static io.kube4j.controllers.replicaset.ReplicaFixtures.pod;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.replicaSet;
import static io.kube4j.controllers.replicaset.ReplicaFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodDeletionOrderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final ReplicaSet RS = replicaSet("web", 1);

    /** A ready Running pod on {@code node}, created and ready long ago. */
    private static Pod steady(String name, String node) {
        return running(pod(name, RS, NOW.minusSeconds(100_000)), node, NOW.minusSeconds(90_000), 0);
    }

    static Stream<Arguments> cases() {
        Pod unassigned = pod("unassigned", RS, NOW.minusSeconds(100_000)).build();
        Pod pendingOnNode = new PodBuilder(pod("pending", RS, NOW.minusSeconds(100_000)).build())
                .editSpec().withNodeName("n1").endSpec().build();
        Pod unknown = new PodBuilder(steady("unknown", "n1")).editStatus().withPhase("Unknown").endStatus().build();
        Pod notReady = running(pod("notready", RS, NOW.minusSeconds(100_000)), "n1", null, 0);
        Pod cheap = new PodBuilder(steady("cheap", "n1")).editMetadata()
                .addToAnnotations(PodDeletionOrder.DELETION_COST, "-5").endMetadata().build();
        Pod recentlyReady = running(pod("recentlyready", RS, NOW.minusSeconds(100_000)), "n1", NOW.minusSeconds(10), 0);
        Pod restarted = running(pod("restarted", RS, NOW.minusSeconds(100_000)), "n1", NOW.minusSeconds(90_000), 7);
        Pod young = running(pod("young", RS, NOW.minusSeconds(10)), "n1", NOW.minusSeconds(90_000), 0);
        return Stream.of(
                Arguments.of("unassigned before assigned", List.of(steady("a", "n1"), unassigned), 1, List.of("unassigned")),
                Arguments.of("pending before unknown before running", List.of(steady("a", "n1"), unknown, pendingOnNode), 2, List.of("pending", "unknown")),
                Arguments.of("not ready before ready", List.of(steady("a", "n1"), notReady), 1, List.of("notready")),
                Arguments.of("lower deletion cost first", List.of(steady("a", "n1"), cheap), 1, List.of("cheap")),
                Arguments.of("ready for less time first", List.of(steady("a", "n1"), recentlyReady), 1, List.of("recentlyready")),
                Arguments.of("more restarts first", List.of(steady("a", "n1"), restarted), 1, List.of("restarted")),
                Arguments.of("newer first", List.of(steady("a", "n1"), young), 1, List.of("young")),
                Arguments.of("all of them when deleting everything", List.of(steady("a", "n1"), steady("b", "n2")), 2, List.of("a", "b")),
                Arguments.of("whole order", List.of(steady("a", "n1"), young, restarted, notReady, unassigned, pendingOnNode),
                        5, List.of("unassigned", "pending", "notready", "restarted", "young")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void choosesPodsInUpstreamOrder(String name, List<Pod> pods, int count, List<String> expected) {
        List<Pod> chosen = PodDeletionOrder.select(pods, pods, count, NOW);
        assertThat(chosen).extracting(p -> p.getMetadata().getName()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOrderDoesNotDependOnTheInputOrder(String name, List<Pod> pods, int count, List<String> expected) {
        List<Pod> reversed = pods.reversed();
        assertThat(PodDeletionOrder.select(reversed, reversed, count, NOW))
                .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @org.junit.jupiter.api.Test
    void podsDoubledUpOnANodeWithRelatedPodsGoFirst() {
        Pod alone = steady("alone", "n1");
        Pod crowded = steady("crowded", "n2");
        // A sibling ReplicaSet's pods share n2.
        Pod siblingA = steady("sibling-a", "n2");
        Pod siblingB = steady("sibling-b", "n2");
        Pod siblingGone = new PodBuilder(steady("sibling-gone", "n1")).editStatus().withPhase("Succeeded").endStatus().build();
        List<Pod> chosen = PodDeletionOrder.select(List.of(alone, crowded), List.of(alone, crowded, siblingA, siblingB, siblingGone), 1, NOW);
        assertThat(chosen).extracting(p -> p.getMetadata().getName()).containsExactly("crowded");
    }
}
