package io.kube4j.controllers.nodelifecycle;

import static io.kube4j.controllers.nodelifecycle.NodeFixtures.pod;
import static io.kube4j.controllers.nodelifecycle.NodeFixtures.tolerate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.FakeCluster;
import io.kube4j.controllers.testing.RecordingEvents.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TaintEvictionControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(10));
    private final FakeCluster fake = new FakeCluster();

    private Node tainted(String name, String key, Instant added) {
        Node n = NodeFixtures.readyNode(name, T0, "Unknown");
        n.getSpec().setTaints(List.of(NodeTaints.taint(key, "NoExecute", NodeFixtures.ts(added))));
        return n;
    }

    private TaintEvictionController controller() {
        return new TaintEvictionController(fake.context(clock, ControllerOptions.defaults()));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // tolerations, seconds after timeAdded when the pod must still exist, and when it must be gone (null: never)
                Arguments.of("no tolerations", new Toleration[0], null, 0L),
                Arguments.of("other key", new Toleration[] {tolerate("other", 300L)}, null, 0L),
                Arguments.of("tolerates for 30s", new Toleration[] {tolerate(NodeTaints.UNREACHABLE, 30L)}, 29L, 30L),
                // as upstream, each taint is matched by the first toleration that tolerates it
                Arguments.of("first matching toleration", new Toleration[] {tolerate(NodeTaints.UNREACHABLE, 60L),
                        new TolerationBuilder().withOperator("Exists").withTolerationSeconds(20L).build()}, 59L, 60L),
                Arguments.of("forever", new Toleration[] {tolerate(NodeTaints.UNREACHABLE, null)}, 3600L, null),
                Arguments.of("zero seconds", new Toleration[] {tolerate(NodeTaints.UNREACHABLE, 0L)}, null, 0L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evictsAtTheRightTime(String name, Toleration[] tolerations, Long aliveAt, Long goneAt) throws Exception {
        fake.seed(tainted("a", NodeTaints.UNREACHABLE, T0), NodeFixtures.readyNode("b", T0, "True"),
                pod("p", "a", tolerations), pod("other", "b"));
        TaintEvictionController c = controller();
        if (aliveAt != null) {
            clock.advance(Duration.between(clock.instant(), T0.plusSeconds(aliveAt)));
            c.sync("default/p");
            assertThat(fake.stored(Pod.class, "default", "p")).as("alive at %ds", aliveAt).isNotNull();
        }
        if (goneAt != null) {
            if (T0.plusSeconds(goneAt).isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), T0.plusSeconds(goneAt)));
            }
            c.sync("default/p");
            assertThat(fake.stored(Pod.class, "default", "p")).as("gone at %ds", goneAt).isNull();
            Pod patched = (Pod) fake.actions("patch", "Pod").getFirst().object();
            assertThat(Pods.condition(patched, "DisruptionTarget").getReason()).isEqualTo("DeletionByTaintManager");
            assertThat(fake.events().all()).extracting(Recorded::reason, Recorded::message)
                    .contains(org.assertj.core.groups.Tuple.tuple("TaintManagerEviction", "Marking for deletion Pod default/p"));
        } else {
            assertThat(c.pending("default/p")).isFalse();
        }
        c.sync("default/other");
        assertThat(fake.stored(Pod.class, "default", "other")).isNotNull();
    }

    @Test
    void taintRemovedCancelsThePendingEviction() throws Exception {
        fake.seed(tainted("a", NodeTaints.UNREACHABLE, T0), pod("p", "a", tolerate(NodeTaints.UNREACHABLE, 300L)));
        TaintEvictionController c = controller();
        c.sync("default/p");
        assertThat(c.pending("default/p")).isTrue();

        Node a = fake.stored(Node.class, null, "a");
        a.getSpec().setTaints(List.of());
        fake.update(a);
        c.sync("default/p");
        assertThat(c.pending("default/p")).isFalse();
        assertThat(fake.events().all()).extracting(Recorded::reason, Recorded::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TaintManagerEviction", "Cancelling deletion of Pod default/p"));
        clock.advance(Duration.ofSeconds(400));
        c.sync("default/p");
        assertThat(fake.stored(Pod.class, "default", "p")).isNotNull();
    }

    @Test
    void swappedTaintKeepsTheOriginalStart() throws Exception {
        fake.seed(tainted("a", NodeTaints.NOT_READY, T0),
                pod("p", "a", new TolerationBuilder().withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(30L).build()));
        TaintEvictionController c = controller();
        c.sync("default/p");
        clock.advance(Duration.ofSeconds(10));
        fake.update(tainted("a", NodeTaints.UNREACHABLE, clock.instant()));
        c.sync("default/p");
        assertThat(fake.stored(Pod.class, "default", "p")).isNotNull();
        clock.advance(Duration.between(clock.instant(), T0.plusSeconds(30)));
        c.sync("default/p");
        assertThat(fake.stored(Pod.class, "default", "p")).isNull();
    }

    @Test
    void nodeTaintChangeQueuesItsPods() {
        fake.seed(NodeFixtures.readyNode("a", T0, "True"), pod("p", "a"));
        TaintEvictionController c = controller();
        while (c.queue().length() > 0) {
            c.queue().done(pollNow(c));
        }
        fake.update(tainted("a", NodeTaints.UNREACHABLE, T0));
        assertThat(pollNow(c)).isEqualTo("default/p");
    }

    private static String pollNow(TaintEvictionController c) {
        try {
            return c.queue().get();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
