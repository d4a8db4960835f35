package io.kube4j.controllers.nodelifecycle;

import static io.kube4j.controllers.nodelifecycle.NodeFixtures.lease;
import static io.kube4j.controllers.nodelifecycle.NodeFixtures.pod;
import static io.kube4j.controllers.nodelifecycle.NodeFixtures.readyNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import io.kube4j.controllers.testing.RecordingEvents.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeLifecycleControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeCluster fake = new FakeCluster();
    private final ControllerOptions options = ControllerOptions.defaults()
            .withNodeMonitor(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(10));

    private NodeLifecycleController controller() {
        return new NodeLifecycleController(fake.context(clock, options));
    }

    private void renew(String node) {
        Lease l = fake.stored(Lease.class, "kube-node-lease", node);
        l.getSpec().setRenewTime(clock.instant().atZone(java.time.ZoneOffset.UTC));
        fake.update(l);
    }

    private void tick(NodeLifecycleController c, int seconds, String... alive) {
        for (int i = 0; i < seconds; i++) {
            clock.advance(Duration.ofSeconds(1));
            for (String n : alive) {
                renew(n);
            }
            c.monitorNodeHealth();
            c.noExecuteTaintingPass();
        }
    }

    private Node node(String name) {
        return fake.stored(Node.class, null, name);
    }

    private static List<String> taintKeys(Node n) {
        return NodeTaints.of(n).stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void silentNodeBecomesUnknownThenUnreachableTaintedAndItsPodsNotReady() {
        fake.seed(readyNode("a", T0, "True"), readyNode("b", T0, "True"), lease("a", T0), lease("b", T0), pod("p", "a"));
        NodeLifecycleController c = controller();
        c.monitorNodeHealth();
        assertThat(fake.events().reasons()).containsExactly("RegisteredNode", "RegisteredNode");

        tick(c, 4, "b");
        assertThat(NodeTaints.condition(node("a"), "Ready").getStatus()).isEqualTo("True");

        tick(c, 1, "b");
        for (String type : NodeHealthTracker.CONDITIONS) {
            NodeCondition cond = NodeTaints.condition(node("a"), type);
            assertThat(cond.getStatus()).as(type).isEqualTo("Unknown");
            assertThat(cond.getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(cond.getMessage()).isEqualTo("Kubelet stopped posting node status.");
            assertThat(cond.getLastTransitionTime()).isEqualTo(NodeFixtures.ts(clock.instant()));
        }
        assertThat(NodeTaints.condition(node("b"), "Ready").getStatus()).isEqualTo("True");
        assertThat(Pods(fake.stored(Pod.class, "default", "p"))).isEqualTo("False");
        assertThat(fake.events().all()).extracting(Recorded::kind, Recorded::reason)
                .contains(org.assertj.core.groups.Tuple.tuple("Node", "NodeNotReady"), org.assertj.core.groups.Tuple.tuple("Pod", "NodeNotReady"));

        tick(c, 1, "b");
        assertThat(taintKeys(node("a"))).containsExactly("node.kubernetes.io/unreachable:NoExecute");
        Taint t = NodeTaints.of(node("a")).getFirst();
        assertThat(t.getTimeAdded()).isEqualTo(NodeFixtures.ts(clock.instant()));
        assertThat(taintKeys(node("b"))).isEmpty();

        // The kubelet comes back and says NotReady: the taints swap at once.
        Node a = node("a");
        a.getStatus().setConditions(List.of(NodeFixtures.condition("Ready", "False", clock.instant().plusSeconds(1))));
        fake.updateStatus(a);
        tick(c, 1, "a", "b");
        assertThat(taintKeys(node("a"))).containsExactly("node.kubernetes.io/not-ready:NoExecute");

        // Ready again: both NoExecute taints go.
        a = node("a");
        a.getStatus().setConditions(List.of(NodeFixtures.condition("Ready", "True", clock.instant().plusSeconds(1))));
        fake.updateStatus(a);
        tick(c, 1, "a", "b");
        assertThat(taintKeys(node("a"))).isEmpty();
    }

    @Test
    void leaseRenewalsAloneKeepANodeHealthy() {
        fake.seed(readyNode("a", T0, "True"), readyNode("b", T0, "True"), lease("a", T0), lease("b", T0));
        NodeLifecycleController c = controller();
        c.monitorNodeHealth();
        tick(c, 20, "a", "b");
        assertThat(NodeTaints.condition(node("a"), "Ready").getStatus()).isEqualTo("True");
        assertThat(taintKeys(node("a"))).isEmpty();
    }

    @Test
    void whenEveryNodeIsDownNothingIsTainted() {
        fake.seed(readyNode("a", T0, "True"), lease("a", T0), readyNode("b", T0, "True"), lease("b", T0));
        NodeLifecycleController c = controller();
        c.monitorNodeHealth();
        tick(c, 8);
        assertThat(NodeTaints.condition(node("a"), "Ready").getStatus()).isEqualTo("Unknown");
        assertThat(NodeTaints.condition(node("b"), "Ready").getStatus()).isEqualTo("Unknown");
        assertThat(taintKeys(node("a"))).isEmpty();
        assertThat(taintKeys(node("b"))).isEmpty();
        assertThat(c.zoneStates()).containsEntry("", ZoneState.FULL_DISRUPTION);

        // One node comes back: out of full disruption, the other gets its taint after a fresh grace.
        renew("a");
        Node a = node("a");
        a.getStatus().setConditions(List.of(NodeFixtures.condition("Ready", "True", clock.instant())));
        fake.updateStatus(a);
        tick(c, 1, "a");
        assertThat(c.zoneStates()).containsEntry("", ZoneState.NORMAL);
        tick(c, 6, "a");
        assertThat(taintKeys(node("b"))).containsExactly("node.kubernetes.io/unreachable:NoExecute");
        assertThat(taintKeys(node("a"))).isEmpty();
    }

    @Test
    void neverReadyNodeGetsTheStartupGrace() {
        Node bare = new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("new")
                .withCreationTimestamp(NodeFixtures.ts(T0)).endMetadata().build();
        fake.seed(bare, readyNode("b", T0, "True"), lease("b", T0));
        NodeLifecycleController c = controller();
        c.monitorNodeHealth();
        tick(c, 9, "b");
        assertThat(NodeTaints.condition(node("new"), "Ready")).isNull();
        tick(c, 2, "b");
        NodeCondition ready = NodeTaints.condition(node("new"), "Ready");
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getReason()).isEqualTo("NodeStatusNeverUpdated");
        assertThat(ready.getMessage()).isEqualTo("Kubelet never posted node status.");
    }

    @Test
    void noScheduleTaintsFollowConditionsAndUnschedulable() throws Exception {
        Node n = readyNode("a", T0, "False");
        n.getSpec().setUnschedulable(true);
        n.getSpec().setTaints(List.of(new TaintBuilder().withKey("dedicated").withValue("x").withEffect("NoSchedule").build()));
        fake.seed(n);
        NodeLifecycleController c = controller();
        c.sync("a");
        assertThat(taintKeys(node("a"))).containsExactlyInAnyOrder("dedicated:NoSchedule",
                "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/unschedulable:NoSchedule");

        Node back = node("a");
        back.getSpec().setUnschedulable(false);
        fake.update(back);
        back = node("a");
        back.getStatus().setConditions(List.of(NodeFixtures.condition("Ready", "True", T0),
                NodeFixtures.condition("DiskPressure", "True", T0)));
        fake.updateStatus(back);
        c.sync("a");
        assertThat(taintKeys(node("a"))).containsExactlyInAnyOrder("dedicated:NoSchedule", "node.kubernetes.io/disk-pressure:NoSchedule");

        fake.clearActions();
        c.sync("a");
        assertThat(fake.actions()).isEmpty();
    }

    private static String Pods(Pod p) {
        return io.kube4j.controllers.machinery.Pods.condition(p, "Ready").getStatus();
    }
}
