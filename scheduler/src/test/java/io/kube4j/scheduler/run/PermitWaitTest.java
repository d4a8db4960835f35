package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.PermitPlugin;
import io.kube4j.scheduler.framework.PermitResult;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.framework.WaitingPod;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import io.kube4j.scheduler.queue.QueueCounts;
import io.kube4j.scheduler.run.RecordingWriter.Call;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Permit's Wait: the pod stays assumed until the plugin allows it, rejects it, or its timeout passes. */
class PermitWaitTest extends LoopFixture {

    /** Asks every pod to wait {@code timeout}, and remembers the framework to allow or reject it later. */
    static final class Gate implements PermitPlugin {
        final AtomicReference<FrameworkRunner> framework = new AtomicReference<>();
        volatile Duration timeout = Duration.ofMinutes(1);

        @Override
        public String name() {
            return "Gate";
        }

        @Override
        public PermitResult permit(CycleState state, Pod pod, String nodeName) {
            framework.set(state.read(FrameworkRunner.STATE_KEY, FrameworkRunner.class));
            return new PermitResult(Status.of(Code.WAIT), timeout);
        }
    }

    private final Gate gate;

    PermitWaitTest() {
        super(Profile.builder("default-scheduler").add(new PrioritySort()).add(new NodeResourcesFit(), 1)
                .add(new Gate()).add(new DefaultPreemption()).build());
        this.gate = (Gate) profile.plugins().get("Gate");
    }

    @BeforeEach
    void oneNodeOnePod() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        submit(pod("a", "cpu", "1").build());
    }

    private WaitingPod scheduleAndWait() throws InterruptedException {
        assertThat(loop.scheduleNext(Duration.ZERO)).isTrue();
        WaitingPod waiting = gate.framework.get().waitingPods().get("default/a");
        assertThat(waiting).isNotNull();
        assertThat(waiting.nodeName()).isEqualTo("n1");
        assertThat(waiting.pendingPlugins()).containsExactly("Gate");
        assertThat(cache.isAssumed("default/a")).as("room kept while waiting").isTrue();
        assertThat(writer.of("bind")).isEmpty();
        return waiting;
    }

    @Test
    void anAllowedPodBinds() throws InterruptedException {
        scheduleAndWait().allow("Gate");
        await().atMost(Duration.ofSeconds(5)).until(() -> !writer.of("bind").isEmpty());
        assertThat(writer.of("bind")).containsExactly(new Call("bind", "default/a", "n1", ""));
        assertThat(gate.framework.get().waitingPods().all()).isEmpty();
    }

    @Test
    void aRejectedPodIsForgottenAndUnschedulable() throws InterruptedException {
        scheduleAndWait().reject("Gate", "waiting for the rest of the gang");
        await().atMost(Duration.ofSeconds(5)).until(() -> !writer.of("condition").isEmpty());
        assertThat(writer.of("condition")).containsExactly(
                new Call("condition", "default/a", "Unschedulable", "waiting for the rest of the gang"));
        assertThat(cache.contains("default/a")).isFalse();
        assertThat(writer.of("bind")).isEmpty();
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 0, 1, 0));
    }

    @Test
    void aPodNobodyAllowsIsRejectedWhenItsTimeoutPasses() throws InterruptedException {
        gate.timeout = Duration.ofMillis(100);
        scheduleAndWait();
        await().atMost(Duration.ofSeconds(5)).until(() -> !writer.of("condition").isEmpty());
        assertThat(writer.of("condition")).containsExactly(new Call("condition", "default/a", "Unschedulable",
                "rejected due to timeout after waiting 100ms at plugin Gate"));
        assertThat(cache.contains("default/a")).isFalse();
    }

    @Test
    void aWaitingVictimIsRejectedInsteadOfDeleted() throws InterruptedException {
        scheduleAndWait();
        Pod urgent = pod("urgent", "cpu", "2").build();
        urgent.getSpec().setPriority(100);
        submit(urgent);
        runOnce();

        // The waiting pod was only assumed: preemption rejects it at Permit, no API delete.
        assertThat(writer.of("preempt")).isEmpty();
        assertThat(writer.of("nominate")).containsExactly(new Call("nominate", "default/urgent", "n1", ""));
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.of("condition").stream()
                .anyMatch(c -> c.pod().equals("default/a")));
        assertThat(writer.of("condition")).contains(new Call("condition", "default/a", "Unschedulable", "preempted"));
        assertThat(cache.contains("default/a")).isFalse();
    }
}
