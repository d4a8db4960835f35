package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.run.RecordingWriter.Call;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduling loop carrying out DefaultPreemption's decision through the ClusterWriter. */
class PreemptionLoopTest {

    private final Profile profile = Profile.defaults();
    private final FakeClock clock = new FakeClock();
    private final SchedulingQueue queue = new SchedulingQueue(profile.queueSort(), profile.preEnqueue(),
            QueueingEvents.of(profile.plugins().values()), clock, BackoffPolicy.DEFAULT,
            SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
    private final SchedulerCache cache = new SchedulerCache();
    private final RecordingWriter writer = new RecordingWriter();
    private final Map<String, Pod> apiPods = new HashMap<>();
    private final SchedulingLoop loop = new SchedulingLoop(profile, queue, cache, writer, apiPods::get,
            Runnable::run, new Random(1));

    private static Pod withPriority(Pod p, int priority) {
        p.getSpec().setPriority(priority);
        return p;
    }

    private void submit(Pod p) {
        apiPods.put(PodInfo.keyOf(p), p);
        queue.add(p);
    }

    private void runOnce() throws InterruptedException {
        assertThat(loop.scheduleNext(Duration.ZERO)).isTrue();
    }

    @Test
    void victimsAreEvictedAndThePreemptorNominated() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        Pod low = withPriority(pod("low", "cpu", "1").build(), 1);
        low.getSpec().setNodeName("n1");
        cache.addOrUpdatePod(low);
        submit(withPriority(pod("high", "cpu", "1").build(), 100));
        runOnce();

        assertThat(writer.of("preempt")).containsExactly(new Call("preempt", "default/low", "default/high", "n1"));
        assertThat(writer.of("nominate")).containsExactly(new Call("nominate", "default/high", "n1", ""));
        assertThat(writer.of("bind")).isEmpty();
        assertThat(writer.of("condition")).containsExactly(new Call("condition", "default/high", "Unschedulable",
                "0/1 nodes are available: 1 Insufficient cpu."));
    }

    @Test
    void aStaleNominationIsClearedWhenPreemptionCannotHelp() throws InterruptedException {
        cache.addOrUpdateNode(node("n1", "cpu", "1", "memory", "4Gi").build());
        Pod same = withPriority(pod("same", "cpu", "1").build(), 100);
        same.getSpec().setNodeName("n1");
        cache.addOrUpdatePod(same);
        Pod p = withPriority(pod("p", "cpu", "1").build(), 100);
        p.setStatus(new PodStatusBuilder().withNominatedNodeName("n1").build());
        submit(p);
        runOnce();

        assertThat(writer.of("preempt")).isEmpty();
        assertThat(writer.of("nominate")).containsExactly(new Call("nominate", "default/p", "", ""));
    }
}
