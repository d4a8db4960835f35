package io.kube4j.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeConditionsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(20);

    @Test
    void aNewNodeGetsTheFourConditionsReadyLast() {
        var r = NodeConditions.update(List.of(), T0, NodePressure.NONE, List.of());
        assertThat(r.conditions()).extracting(NodeCondition::getType).containsExactly("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");
        assertThat(r.conditions()).extracting(NodeCondition::getStatus).containsExactly("False", "False", "False", "True");
        NodeCondition ready = r.conditions().get(3);
        assertThat(ready.getReason()).isEqualTo("KubeletReady");
        assertThat(ready.getMessage()).isEqualTo("kubelet is posting ready status");
        assertThat(ready.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.conditions().get(0).getReason()).isEqualTo("KubeletHasSufficientMemory");
        assertThat(r.conditions().get(1).getMessage()).isEqualTo("kubelet has no disk pressure");
        assertThat(r.conditions().get(2).getReason()).isEqualTo("KubeletHasSufficientPID");
        // a pressure condition appears from Unknown, which is a transition; a new Ready is not
        assertThat(r.transitions()).extracting(NodeConditions.Transition::eventReason)
                .containsExactly("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID");
    }

    @Test
    void heartbeatMovesButTransitionTimeStaysWhileStatusIsUnchanged() {
        var first = NodeConditions.update(List.of(), T0, NodePressure.NONE, List.of());
        var second = NodeConditions.update(first.conditions(), T1, NodePressure.NONE, List.of());
        for (NodeCondition c : second.conditions()) {
            assertThat(c.getLastHeartbeatTime()).isEqualTo("2026-01-01T00:00:10Z");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        }
        assertThat(second.transitions()).isEmpty();
        assertThat(NodeConditions.changed(first.conditions(), second.conditions())).isFalse();
    }

    @Test
    void notReadyThenReadyMovesTheTransitionTime() {
        var notReady = NodeConditions.update(List.of(), T0, NodePressure.NONE,
                List.of("container runtime is down", "network not ready: no CNI configuration"));
        NodeCondition c = notReady.conditions().get(3);
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("KubeletNotReady");
        assertThat(c.getMessage()).isEqualTo("container runtime is down,network not ready: no CNI configuration");

        var ready = NodeConditions.update(notReady.conditions(), T1, NodePressure.NONE, List.of());
        assertThat(ready.conditions().get(3).getStatus()).isEqualTo("True");
        assertThat(ready.conditions().get(3).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(ready.transitions()).extracting(NodeConditions.Transition::eventReason).containsExactly("NodeReady");
        assertThat(NodeConditions.changed(notReady.conditions(), ready.conditions())).isTrue();
    }

    @Test
    void pressureTurnsOnAndOff() {
        var calm = NodeConditions.update(List.of(), T0, NodePressure.NONE, List.of());
        var pressed = NodeConditions.update(calm.conditions(), T1, new NodePressure(true, false, true), List.of());
        assertThat(pressed.conditions().get(0).getStatus()).isEqualTo("True");
        assertThat(pressed.conditions().get(0).getReason()).isEqualTo("KubeletHasInsufficientMemory");
        assertThat(pressed.conditions().get(0).getMessage()).isEqualTo("kubelet has insufficient memory available");
        assertThat(pressed.conditions().get(2).getReason()).isEqualTo("KubeletHasInsufficientPID");
        assertThat(pressed.conditions().get(1).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(pressed.transitions()).extracting(NodeConditions.Transition::eventReason)
                .containsExactly("NodeHasInsufficientMemory", "NodeHasInsufficientPID");

        var relieved = NodeConditions.update(pressed.conditions(), T2, NodePressure.NONE, List.of());
        assertThat(relieved.conditions().get(0).getStatus()).isEqualTo("False");
        assertThat(relieved.conditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:20Z");
    }

    @Test
    void conditionsOfOtherWritersAreKeptAndReadyIsReplacedInPlace() {
        List<NodeCondition> existing = new ArrayList<>();
        existing.add(new NodeConditionBuilder().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown")
                .withLastTransitionTime("2025-01-01T00:00:00Z").build());
        existing.add(new NodeConditionBuilder().withType("NetworkUnavailable").withStatus("False").withReason("RouteCreated").build());
        var r = NodeConditions.update(existing, T0, NodePressure.NONE, List.of());
        assertThat(r.conditions()).extracting(NodeCondition::getType)
                .containsExactly("Ready", "NetworkUnavailable", "MemoryPressure", "DiskPressure", "PIDPressure");
        assertThat(r.conditions().get(0).getStatus()).isEqualTo("True");
        assertThat(r.conditions().get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.conditions().get(1).getReason()).isEqualTo("RouteCreated");
        assertThat(existing.get(0).getStatus()).as("input untouched").isEqualTo("Unknown");
    }
}
