package io.kube4j.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.NodeAffinity;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.plugins.TaintToleration;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulingQueueTest {

    private final FakeClock clock = new FakeClock();

    private SchedulingQueue queue(PreEnqueuePlugin... preEnqueue) {
        return new SchedulingQueue(new PrioritySort(), List.of(preEnqueue),
                QueueingEvents.of(List.of(new NodeResourcesFit(), new NodeAffinity(), new TaintToleration())),
                clock, BackoffPolicy.DEFAULT, SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
    }

    private static Pod pod(String name, int priority) {
        Pod p = io.kube4j.scheduler.testing.Fixtures.pod(name).build();
        p.getSpec().setPriority(priority);
        return p;
    }

    private static String popName(SchedulingQueue q) throws InterruptedException {
        QueuedPodInfo info = q.pop(Duration.ZERO);
        return info == null ? null : info.pod().getMetadata().getName();
    }

    /** Pops the pod and fails it with {@code plugins} as rejectors. */
    private static QueuedPodInfo popAndReject(SchedulingQueue q, String... plugins) throws InterruptedException {
        QueuedPodInfo info = q.pop(Duration.ZERO);
        info.unschedulablePlugins().clear();
        info.unschedulablePlugins().addAll(List.of(plugins));
        q.addUnschedulableIfNotPresent(info, q.schedulingCycle());
        return info;
    }

    @Test
    void popsByPriorityThenArrival() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("low", 0));
        clock.advance(Duration.ofMillis(1));
        q.add(pod("high", 100));
        clock.advance(Duration.ofMillis(1));
        q.add(pod("low2", 0));
        clock.advance(Duration.ofMillis(1));
        q.add(pod("high2", 100));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(popName(q));
        }
        assertThat(order).containsExactly("high", "high2", "low", "low2");
        assertThat(popName(q)).isNull();
        assertThat(q.schedulingCycle()).isEqualTo(4);
    }

    @Test
    void updateReordersAndDeleteRemoves() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("a", 0));
        clock.advance(Duration.ofMillis(1));
        q.add(pod("b", 0));
        q.update(pod("b", 10));
        q.add(pod("c", 0));
        q.delete(pod("c", 0));
        assertThat(popName(q)).isEqualTo("b");
        assertThat(popName(q)).isEqualTo("a");
        assertThat(popName(q)).isNull();
    }

    @Test
    void rejectedPodsWaitForAnEventTheirPluginRegistered() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("cpu-starved", 0));
        q.add(pod("tainted-out", 0));
        popAndReject(q, "NodeResourcesFit");
        popAndReject(q, "TaintToleration");
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 2, 0));

        q.moveAllToActiveOrBackoff(new ClusterEvent("Node", ClusterEvent.Action.UPDATE_NODE_CONDITION));
        assertThat(q.counts().unschedulable()).isEqualTo(2);

        // A pod deletion frees resources: only the NodeResourcesFit rejection is retried, and it
        // is still backing off (1 s after its first attempt).
        q.moveAllToActiveOrBackoff(ClusterEvent.ASSIGNED_POD_DELETE);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 1, 1, 0));
        q.flushBackoffCompleted();
        assertThat(popName(q)).isNull();
        clock.advance(Duration.ofSeconds(1));
        q.flushBackoffCompleted();
        assertThat(popName(q)).isEqualTo("cpu-starved");

        // A taint change after the backoff has passed goes straight to active.
        q.moveAllToActiveOrBackoff(new ClusterEvent("Node", ClusterEvent.Action.UPDATE_NODE_TAINT));
        assertThat(popName(q)).isEqualTo("tainted-out");
    }

    @Test
    void backoffGrowsWithAttempts() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("p", 0));
        // Errors (no rejecting plugin) go to backoff: 1 s, then 2 s, then 4 s.
        for (int attempt = 1; attempt <= 3; attempt++) {
            popAndReject(q);
            long seconds = 1L << (attempt - 1);
            clock.advance(Duration.ofSeconds(seconds).minusMillis(1));
            q.flushBackoffCompleted();
            assertThat(q.counts().backoff()).as("attempt %d still backing off", attempt).isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            q.flushBackoffCompleted();
            assertThat(q.counts().active()).as("attempt %d done", attempt).isEqualTo(1);
        }
        assertThat(q.pop(Duration.ZERO).attempts()).isEqualTo(4);
    }

    @Test
    void onlyRelevantUpdatesRequeueAnUnschedulablePod() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("p", 0));
        popAndReject(q, "NodeAffinity");
        clock.advance(Duration.ofSeconds(2));

        Pod statusOnly = pod("p", 0);
        statusOnly.getMetadata().setResourceVersion("42");
        statusOnly.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable").endCondition().build());
        q.update(statusOnly);
        assertThat(q.counts().unschedulable()).isEqualTo(1);

        Pod relabelled = pod("p", 0);
        relabelled.getMetadata().setLabels(java.util.Map.of("tier", "web"));
        q.update(relabelled);
        QueuedPodInfo popped = q.pop(Duration.ZERO);
        assertThat(popped.pod().getMetadata().getLabels()).containsEntry("tier", "web");
    }

    @Test
    void aMoveDuringTheCycleSendsTheRejectedPodToBackoff() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("p", 0));
        QueuedPodInfo info = q.pop(Duration.ZERO);
        long cycle = q.schedulingCycle();
        q.moveAllToActiveOrBackoff(ClusterEvent.NODE_ADD);
        info.unschedulablePlugins().add("NodeResourcesFit");
        q.addUnschedulableIfNotPresent(info, cycle);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 1, 0, 0));
        assertThatThrownBy(() -> q.addUnschedulableIfNotPresent(info, cycle)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutes() throws InterruptedException {
        SchedulingQueue q = queue();
        q.add(pod("p", 0));
        popAndReject(q, "NodeAffinity");
        clock.advance(Duration.ofMinutes(5));
        q.flushUnschedulableLeftover();
        assertThat(q.counts().unschedulable()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        q.flushUnschedulableLeftover();
        assertThat(popName(q)).isEqualTo("p");
    }

    @Test
    void gatedPodsWaitUntilTheirGateOpens() throws InterruptedException {
        PreEnqueuePlugin gates = new PreEnqueuePlugin() {
            @Override
            public String name() {
                return "SchedulingGates";
            }

            @Override
            public Status preEnqueue(Pod pod) {
                var labels = pod.getMetadata().getLabels();
                return labels != null && labels.containsKey("gated")
                        ? Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "waiting for scheduling gates") : Status.success();
            }
        };
        SchedulingQueue q = queue(gates);
        Pod gated = pod("g", 0);
        gated.getMetadata().setLabels(java.util.Map.of("gated", "yes"));
        q.add(gated);
        assertThat(q.counts()).isEqualTo(new QueueCounts(0, 0, 0, 1));
        q.moveAllToActiveOrBackoff(ClusterEvent.WILDCARD);
        assertThat(q.counts().gated()).isEqualTo(1);
        q.update(pod("g", 0));
        assertThat(popName(q)).isEqualTo("g");
    }

    @Test
    void popBlocksUntilAPodArrivesOrTheQueueCloses() throws Exception {
        SchedulingQueue q = queue();
        AtomicReference<String> got = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got.set(q.pop().pod().getMetadata().getName());
                QueuedPodInfo after = q.pop();
                got.set(got.get() + "," + after);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.countDown();
            }
        });
        Thread.sleep(50);
        q.add(pod("late", 0));
        Thread.sleep(50);
        q.close();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        t.join(1000);
        assertThat(got.get()).isEqualTo("late,null");
    }
}
