package io.kube4j.scheduler.metrics;

import io.kube4j.scheduler.queue.QueueCounts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static io.kube4j.scheduler.metrics.MetricsText.sample;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulerMetricsTest {

    private final SchedulerMetrics metrics = new SchedulerMetrics();

    @Test
    void attemptsAreCountedByResultAndProfileWithUpstreamBuckets() {
        metrics.attempt(SchedulerMetrics.SCHEDULED, "default-scheduler", 3_000_000); // 3 ms
        metrics.attempt(SchedulerMetrics.SCHEDULED, "default-scheduler", 500_000);
        metrics.attempt(SchedulerMetrics.UNSCHEDULABLE, "other", 1_000_000);

        byte[] text = metrics.scrape();
        assertThat(sample(text, "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"}"))
                .isEqualTo(2.0);
        assertThat(sample(text, "scheduler_schedule_attempts_total{profile=\"other\",result=\"unschedulable\"}"))
                .isEqualTo(1.0);
        assertThat(sample(text, "scheduler_schedule_attempts_total{profile=\"other\",result=\"error\"}")).isNull();
        // 1 ms doubling: 0.5 ms falls in le=0.001, 3 ms first in le=0.004; the last finite bound is 16.384 s.
        String series = "scheduler_scheduling_attempt_duration_seconds_bucket{profile=\"default-scheduler\",result=\"scheduled\",le=\"%s\"}";
        assertThat(sample(text, series.formatted("0.001"))).isEqualTo(1.0);
        assertThat(sample(text, series.formatted("0.002"))).isEqualTo(1.0);
        assertThat(sample(text, series.formatted("0.004"))).isEqualTo(2.0);
        assertThat(sample(text, series.formatted("16.384"))).isEqualTo(2.0);
        assertThat(sample(text, series.formatted("32.768"))).isNull();
    }

    @Test
    void scheduledPodsFeedTheSliHistogramByAttemptsAndTheAttemptsHistogram() {
        metrics.podScheduled(1, 5_000_000);
        metrics.podScheduled(3, 2_000_000_000L);

        byte[] text = metrics.scrape();
        assertThat(sample(text, "scheduler_pod_scheduling_sli_duration_seconds_count{attempts=\"1\"}")).isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pod_scheduling_sli_duration_seconds_bucket{attempts=\"1\",le=\"0.01\"}"))
                .isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pod_scheduling_sli_duration_seconds_bucket{attempts=\"3\",le=\"1.28\"}"))
                .isEqualTo(0.0);
        assertThat(sample(text, "scheduler_pod_scheduling_sli_duration_seconds_bucket{attempts=\"3\",le=\"2.56\"}"))
                .isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pod_scheduling_attempts_bucket{le=\"2.0\"}")).isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pod_scheduling_attempts_bucket{le=\"4.0\"}")).isEqualTo(2.0);
        assertThat(sample(text, "scheduler_pod_scheduling_attempts_sum")).isEqualTo(4.0);
    }

    @Test
    void pendingPodsSumWatchedQueuesAtScrapeTimeUntilTheWatchCloses() throws Exception {
        AtomicReference<QueueCounts> first = new AtomicReference<>(new QueueCounts(2, 1, 0, 0));
        AutoCloseable a = metrics.watchQueue(first::get);
        AutoCloseable b = metrics.watchQueue(() -> new QueueCounts(1, 0, 3, 4));

        first.set(new QueueCounts(5, 1, 0, 0));
        byte[] text = metrics.scrape();
        assertThat(sample(text, "scheduler_pending_pods{queue=\"active\"}")).isEqualTo(6.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"backoff\"}")).isEqualTo(1.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"unschedulable\"}")).isEqualTo(3.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"gated\"}")).isEqualTo(4.0);

        b.close();
        a.close();
        text = metrics.scrape();
        assertThat(sample(text, "scheduler_pending_pods{queue=\"active\"}")).isEqualTo(0.0);
        assertThat(sample(text, "scheduler_pending_pods{queue=\"gated\"}")).isEqualTo(0.0);
    }

    @Test
    void theExpositionCarriesHelpAndTypeLines() {
        metrics.attempt(SchedulerMetrics.ERROR, "default-scheduler", 1);
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertThat(text).contains("# TYPE scheduler_schedule_attempts_total counter",
                "# TYPE scheduler_scheduling_attempt_duration_seconds histogram",
                "# TYPE scheduler_pending_pods gauge");
    }
}
