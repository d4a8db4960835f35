package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.queue.QueueCounts;
import io.kube4j.scheduler.run.RecordingWriter.Call;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulingLoopTest extends LoopFixture {

    @Test
    void theAssumedPodTakesRoomSoTheNextPodDoesNotFit() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        submit(pod("a", "cpu", "1500m").build());
        runOnce();
        submit(pod("b", "cpu", "1").build());
        runOnce();

        assertThat(writer.of("bind")).containsExactly(new Call("bind", "default/a", "n1", ""));
        assertThat(cache.isAssumed("default/a")).isTrue();
        String msg = "0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
        assertThat(writer.of("condition")).containsExactly(new Call("condition", "default/b", "Unschedulable", msg));
        assertThat(writer.of("event")).containsExactly(
                new Call("event", "default/a", "Normal/Scheduled", "Successfully assigned default/a to n1"),
                new Call("event", "default/b", "Warning/FailedScheduling", msg));
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 0, 1, 0));
    }

    @Test
    void aFailedBindingForgetsTheAssumptionAndRequeuesWithBackoff() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        writer.failBind.put("default/a", "conflict");
        submit(pod("a", "cpu", "1").build());
        runOnce();

        assertThat(cache.contains("default/a")).isFalse();
        assertThat(writer.of("condition")).containsExactly(
                new Call("condition", "default/a", "SchedulerError", "conflict"));
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 1, 0, 0));

        writer.failBind.clear();
        clock.advance(Duration.ofSeconds(2));
        queue.flushBackoffCompleted();
        runOnce();
        assertThat(writer.of("bind")).extracting(Call::a).containsExactly("n1", "n1");
        assertThat(cache.isAssumed("default/a")).isTrue();
    }

    @Test
    void aPodDeletedDuringItsCycleIsNotRequeued() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        Pod p = pod("gone", "cpu", "2").build();
        queue.add(p);
        runOnce();

        assertThat(writer.calls).isEmpty();
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 0, 0, 0));
    }

    @Test
    void withoutNodesThePodFailsWithAnErrorAndBacksOff() throws InterruptedException {
        submit(pod("a", "cpu", "1").build());
        runOnce();

        assertThat(writer.of("condition")).containsExactly(
                new Call("condition", "default/a", "SchedulerError", "no nodes available to schedule pods"));
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 1, 0, 0));
    }

    @Test
    void podsAlreadyInTheCacheOrBeingDeletedAreSkipped() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "4", "memory", "4Gi").build());
        Pod bound = pod("bound", "cpu", "1").build();
        cache.assume(bound, "n1");
        submit(bound);
        Pod deleting = pod("deleting", "cpu", "1").build();
        deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
        submit(deleting);
        runOnce();
        runOnce();

        assertThat(writer.calls).isEmpty();
        assertThat(loop.scheduleNext(Duration.ZERO)).isFalse();
    }

    @Test
    void anUnschedulablePodIsRetriedWhenANodeIsAdded() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        submit(pod("a", "cpu", "2").build());
        runOnce();
        assertThat(queue.counts().unschedulable()).isEqualTo(1);

        var handlers = new InformerHandlers(Profile.DEFAULT_SCHEDULER_NAME, cache, queue);
        handlers.nodes().onAdd(node("n2", "cpu", "4", "memory", "4Gi").build());
        clock.advance(Duration.ofSeconds(2));
        queue.flushBackoffCompleted();
        runOnce();
        assertThat(writer.of("bind")).containsExactly(new Call("bind", "default/a", "n2", ""));
        assertThat(List.copyOf(queue.pendingPods())).isEmpty();
    }
}
