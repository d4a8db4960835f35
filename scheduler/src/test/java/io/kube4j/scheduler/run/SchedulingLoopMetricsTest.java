package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import io.kube4j.scheduler.queue.BackoffPolicy;
import io.kube4j.scheduler.queue.QueueingEvents;
import io.kube4j.scheduler.queue.SchedulingQueue;
import io.kube4j.scheduler.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.kube4j.scheduler.metrics.MetricsText.sample;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The loop reports each attempt's result, each bound pod, and its queue's size to its metrics. */
class SchedulingLoopMetricsTest {

    private static final String ATTEMPTS = "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"%s\"}";

    private final Profile profile = Profile.defaults();
    private final SchedulingQueue queue = new SchedulingQueue(profile.queueSort(), profile.preEnqueue(),
            QueueingEvents.of(profile.plugins().values()), new FakeClock(), BackoffPolicy.DEFAULT,
            SchedulingQueue.DEFAULT_MAX_IN_UNSCHEDULABLE);
    private final SchedulerCache cache = new SchedulerCache();
    private final RecordingWriter writer = new RecordingWriter();
    private final Map<String, Pod> apiPods = new HashMap<>();
    private final SchedulerMetrics metrics = new SchedulerMetrics();
    private final SchedulingLoop loop = new SchedulingLoop(profile, queue, cache, writer, apiPods::get,
            Runnable::run, new Random(1), metrics);

    private void submit(Pod p) {
        apiPods.put(PodInfo.keyOf(p), p);
        queue.add(p);
    }

    private Double attempts(String result) {
        return sample(metrics.scrape(), ATTEMPTS.formatted(result));
    }

    @Test
    void scheduledUnschedulableAndErrorAttemptsAreCounted() throws Exception {
        metrics.watchQueue(queue::counts);
        submit(pod("err", "cpu", "1").build());
        assertThat(loop.scheduleNext(Duration.ZERO)).isTrue(); // no nodes: an error
        assertThat(attempts("error")).isEqualTo(1.0);
        assertThat(attempts("scheduled")).isNull();

        cache.addOrUpdateNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        submit(pod("fits", "cpu", "1").build());
        submit(pod("huge", "cpu", "8").build());
        assertThat(sample(metrics.scrape(), "scheduler_pending_pods{queue=\"active\"}")).isEqualTo(2.0);
        assertThat(sample(metrics.scrape(), "scheduler_pending_pods{queue=\"backoff\"}")).isEqualTo(1.0);
        loop.scheduleNext(Duration.ZERO);
        loop.scheduleNext(Duration.ZERO);

        assertThat(attempts("scheduled")).isEqualTo(1.0);
        assertThat(attempts("unschedulable")).isEqualTo(1.0);
        assertThat(attempts("error")).isEqualTo(1.0);
        byte[] text = metrics.scrape();
        assertThat(sample(text, "scheduler_pod_scheduling_sli_duration_seconds_count{attempts=\"1\"}")).isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"active\"}")).isEqualTo(0.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"unschedulable\"}")).isEqualTo(1.0);
    }

    @Test
    void aFailedBindingCountsAsAnError() throws Exception {
        cache.addOrUpdateNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        writer.failBind.put("default/a", "conflict");
        submit(pod("a", "cpu", "1").build());
        loop.scheduleNext(Duration.ZERO);

        assertThat(attempts("error")).isEqualTo(1.0);
        assertThat(attempts("scheduled")).isNull();
    }
}
