package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueCounts;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

class InformerHandlersTest {

    private final Profile profile = Profile.defaults();
    private final SchedulingQueue queue = new SchedulingQueue(profile.queueSort(), profile.preEnqueue(),
            QueueingEvents.of(profile.plugins().values()), new FakeClock(), BackoffPolicy.DEFAULT,
            SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
    private final SchedulerCache cache = new SchedulerCache();
    private final InformerHandlers handlers = new InformerHandlers(Profile.DEFAULT_SCHEDULER_NAME, cache, queue);

    private static Pod withScheduler(Pod p, String name) {
        return new PodBuilder(p).editSpec().withSchedulerName(name).endSpec().build();
    }

    private static Pod withPhase(Pod p, String phase) {
        return new PodBuilder(p).withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void onlyPendingPodsOfThisSchedulerAreQueued() {
        handlers.pods().onAdd(withScheduler(pod("mine").build(), "default-scheduler"));
        handlers.pods().onAdd(pod("defaulted").build());
        handlers.pods().onAdd(withScheduler(pod("theirs").build(), "other-scheduler"));
        handlers.pods().onAdd(withPhase(pod("done").build(), "Succeeded"));
        handlers.pods().onAdd(on(pod("bound", "cpu", "1").build(), "n1"));

        assertThat(queue.pendingPods()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("mine", "defaulted");
        assertThat(cache.contains("default/bound")).isTrue();
        assertThat(cache.contains("default/done")).isFalse();
    }

    @Test
    void theBindingUpdateConfirmsTheAssumedPodAndLeavesTheQueue() {
        Pod pending = pod("p", "cpu", "1").build();
        handlers.pods().onAdd(pending);
        cache.assume(pending, "n1");
        handlers.pods().onUpdate(pending, withPhase(pending, "Pending"));
        assertThat(queue.counts().active()).as("an assumed pod's own updates do not change the queue").isEqualTo(1);

        handlers.pods().onUpdate(pending, on(pod("p", "cpu", "1").build(), "n1"));
        assertThat(queue.pendingPods()).isEmpty();
        assertThat(cache.contains("default/p")).isTrue();
        assertThat(cache.isAssumed("default/p")).isFalse();
    }

    @Test
    void deletingAnAssignedPodFreesItsRoomAndRetriesUnschedulablePods() throws InterruptedException {
        Pod bound = on(pod("bound", "cpu", "1").build(), "n1");
        handlers.pods().onAdd(bound);
        handlers.pods().onAdd(pod("waiting").build());
        var info = queue.pop(Duration.ZERO);
        info.unschedulablePlugins().add("NodeResourcesFit");
        queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle());
        assertThat(queue.counts()).isEqualTo(new QueueCounts(0, 0, 1, 0));

        handlers.pods().onDelete(bound, false);
        assertThat(cache.contains("default/bound")).isFalse();
        assertThat(queue.counts().unschedulable()).isZero();
    }

    @Test
    void nodeChangesReachTheCacheAndOnlySchedulingRelevantUpdatesRetryPods() throws InterruptedException {
        var n1 = node("n1", "cpu", "1").build();
        handlers.nodes().onAdd(n1);
        handlers.pods().onAdd(pod("waiting").build());
        var info = queue.pop(Duration.ZERO);
        info.unschedulablePlugins().add("NodeResourcesFit");
        queue.addUnschedulableIfNotPresent(info, queue.schedulingCycle());

        var heartbeat = node("n1", "cpu", "1").build();
        heartbeat.getMetadata().setResourceVersion("2");
        handlers.nodes().onUpdate(n1, heartbeat);
        assertThat(queue.counts().unschedulable()).isEqualTo(1);

        handlers.nodes().onUpdate(heartbeat, node("n1", "cpu", "4").build());
        assertThat(queue.counts().unschedulable()).isZero();
        assertThat(cache.snapshot().get("n1").allocatable().milliCpu()).isEqualTo(4000);

        handlers.nodes().onDelete(n1, false);
        assertThat(cache.nodeCount()).isZero();
    }
}
