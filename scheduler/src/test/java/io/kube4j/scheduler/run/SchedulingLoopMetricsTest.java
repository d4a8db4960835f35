package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kube4j.scheduler.metrics.MetricsText.sample;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

/** The loop reports each attempt's result, each bound pod, and its queue's size to its metrics. */
class SchedulingLoopMetricsTest extends LoopFixture {

    private static final String ATTEMPTS = "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"%s\"}";

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
