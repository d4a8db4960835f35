package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.testing.FakeClock;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the scheduling-loop unit tests: one {@link SchedulingLoop} over a fake clock, a fresh
 * queue and cache, a {@link RecordingWriter} instead of the apiserver, bindings run inline, and a
 * fixed random seed so score ties break the same way every run. A new instance per test (JUnit's
 * default lifecycle) gives each test its own state; nothing here is thread-safe beyond what the
 * parts themselves are.
 */
abstract class LoopFixture {

    final Profile profile;
    final FakeClock clock = new FakeClock();
    final SchedulingQueue queue;
    final SchedulerCache cache = new SchedulerCache();
    final RecordingWriter writer = new RecordingWriter();
    final SchedulerMetrics metrics = new SchedulerMetrics();
    /** The pods as the apiserver has them, which the loop reads before each cycle. */
    private final Map<String, Pod> apiPods = new HashMap<>();
    final SchedulingLoop loop;

    /** A loop with the default profile. */
    LoopFixture() {
        this(Profile.defaults());
    }

    LoopFixture(Profile profile) {
        this.profile = profile;
        this.queue = new SchedulingQueue(profile.queueSort(), profile.preEnqueue(),
                QueueingEvents.of(profile.plugins().values()), clock, BackoffPolicy.DEFAULT,
                SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
        this.loop = new SchedulingLoop(profile, queue, cache, writer, apiPods::get, Runnable::run, new Random(1),
                metrics);
    }

    /** Makes {@code p} known to the "apiserver" and adds it to the queue, as the pod informer would. */
    void submit(Pod p) {
        apiPods.put(PodInfo.keyOf(p), p);
        queue.add(p);
    }

    /** Runs one scheduling cycle, which must find a pod to schedule. */
    void runOnce() throws InterruptedException {
        assertThat(loop.scheduleNext(Duration.ZERO)).isTrue();
    }
}
