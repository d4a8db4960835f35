package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.ClusterEvent.Action;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.taint;
import static io.kube4j.scheduler.testing.Fixtures.withLabels;
import static io.kube4j.scheduler.testing.Fixtures.withTaints;
import static org.assertj.core.api.Assertions.assertThat;

class NodeUpdatesTest {

    record Case(UnaryOperator<Node> change, List<Action> expected) {
    }

    private static Node base() {
        Node n = node("n1", "cpu", "4", "memory", "8Gi").build();
        n.getStatus().setConditions(List.of(new NodeConditionBuilder().withType("Ready").withStatus("True")
                .withLastHeartbeatTime("2026-01-01T00:00:00Z").build()));
        return n;
    }

    static Stream<Named<Case>> cases() {
        return Stream.of(
                Named.of("no change", new Case(n -> n, List.of())),
                Named.of("heartbeat only", new Case(n -> {
                    n.getStatus().getConditions().getFirst().setLastHeartbeatTime("2026-01-01T00:01:00Z");
                    n.getMetadata().setResourceVersion("9");
                    return n;
                }, List.of())),
                Named.of("allocatable", new Case(n -> node("n1", "cpu", "8", "memory", "8Gi").build(),
                        List.of(Action.UPDATE_NODE_ALLOCATABLE, Action.UPDATE_NODE_CONDITION))),
                Named.of("labels", new Case(n -> withLabels(n, "zone", "a"), List.of(Action.UPDATE_NODE_LABEL))),
                Named.of("taints", new Case(n -> withTaints(n, taint("k", "v", "NoSchedule")),
                        List.of(Action.UPDATE_NODE_TAINT))),
                Named.of("cordon", new Case(n -> new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec().build(),
                        List.of(Action.UPDATE_NODE_TAINT))),
                Named.of("not ready", new Case(n -> {
                    n.getStatus().getConditions().getFirst().setStatus("False");
                    return n;
                }, List.of(Action.UPDATE_NODE_CONDITION))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachChangedSchedulingPropertyIsOneEvent(Case c) {
        List<ClusterEvent> events = NodeUpdates.events(base(), c.change().apply(base()));
        assertThat(events).extracting(ClusterEvent::action).containsExactlyElementsOf(c.expected());
        assertThat(events).allSatisfy(e -> assertThat(e.resource()).isEqualTo("Node"));
    }
}
