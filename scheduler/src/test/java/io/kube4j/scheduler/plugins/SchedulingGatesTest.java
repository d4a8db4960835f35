package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueCounts;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** SchedulingGates: gated pods wait outside the active queue until their last gate is removed. */
class SchedulingGatesTest {

    private static Pod gated(String name, String... gates) {
        Pod p = pod(name).build();
        p.getSpec().setSchedulingGates(java.util.Arrays.stream(gates).map(PodSchedulingGate::new).toList());
        return p;
    }

    @Test
    void aPodWithGatesIsRefusedWithUpstreamsMessage() {
        SchedulingGates plugin = new SchedulingGates();
        assertThat(plugin.preEnqueue(pod("free").build()).isSuccess()).isTrue();
        assertThat(plugin.preEnqueue(gated("empty")).isSuccess()).isTrue();
        Status s = plugin.preEnqueue(gated("held", "example.com/quota", "example.com/gpu"));
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(s.message()).isEqualTo("waiting for scheduling gates: [example.com/quota example.com/gpu]");
    }

    @Test
    void theQueueHoldsAGatedPodUntilAnUpdateRemovesItsGates() throws InterruptedException {
        SchedulingQueue queue = new SchedulingQueue(new PrioritySort(), List.of(new SchedulingGates()),
                QueueingEvents.of(List.of()), new FakeClock(), BackoffPolicy.DEFAULT,
                SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
        queue.add(gated("held", "a", "b"));
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 0, 0, 1));
        assertThat(queue.pop(Duration.ZERO)).isNull();

        queue.update(gated("held", "b"));
        assertThat(queue.pop(Duration.ZERO)).isNull();

        queue.update(gated("held"));
        assertThat(queue.counts()).isEqualTo(new QueueCounts(1, 0, 0, 0));
        assertThat(queue.pop(Duration.ZERO).pod().getMetadata().getName()).isEqualTo("held");
    }
}
