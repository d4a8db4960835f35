package io.kube4j.scheduler.run;

import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.metrics.HealthEndpoints;
import io.kube4j.scheduler.metrics.SchedulerMetrics;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.kube4j.scheduler.metrics.MetricsText.sample;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler's /metrics, /healthz, /livez and /readyz over HTTP while it schedules against a real apiserver. */
class SchedulerMetricsIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsCountScheduledAndUnschedulablePodsAndTheQueue() throws Exception {
        SchedulerMetrics metrics = new SchedulerMetrics();
        AtomicBoolean ready = new AtomicBoolean();
        try (LiveCluster cluster = LiveCluster.start();
             HealthEndpoints endpoints = HealthEndpoints.start(new InetSocketAddress("127.0.0.1", 0), metrics, ready::get)) {
            String base = "http://127.0.0.1:" + endpoints.port();
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(500);
            assertThat(get(base + "/healthz").body()).isEqualTo("ok");
            assertThat(get(base + "/livez").body()).isEqualTo("ok");

            cluster.createNode(node("n1", "cpu", "2", "memory", "4Gi").build());
            Scheduler scheduler = Scheduler.start(cluster.client, Profile::defaults, metrics);
            ready.set(true);
            try {
                assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
                cluster.createPod(pod("a", "cpu", "1").build());
                cluster.createPod(pod("b", "cpu", "1").build());
                cluster.awaitBound("a");
                cluster.awaitBound("b");
                cluster.createPod(pod("c", "cpu", "1").build());
                cluster.awaitUnschedulable("c", "0/1 nodes are available: 1 Insufficient cpu.");

                await().atMost(LiveCluster.WAIT).untilAsserted(() -> {
                    HttpResponse<String> response = get(base + "/metrics");
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
                    String text = response.body();
                    assertThat(sample(text, "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"}"))
                            .isEqualTo(2.0);
                    assertThat(sample(text, "scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"unschedulable\"}"))
                            .isGreaterThanOrEqualTo(1.0);
                    assertThat(sample(text, "scheduler_scheduling_attempt_duration_seconds_count{profile=\"default-scheduler\",result=\"scheduled\"}"))
                            .isEqualTo(2.0);
                    assertThat(sample(text, "scheduler_pod_scheduling_attempts_count")).isEqualTo(2.0);
                    assertThat(sample(text, "scheduler_pending_pods{queue=\"unschedulable\"}")).isEqualTo(1.0);
                    assertThat(sample(text, "scheduler_pending_pods{queue=\"active\"}")).isEqualTo(0.0);
                });
            } finally {
                scheduler.close();
            }
            // A closed scheduler's queue no longer counts.
            assertThat(sample(get(base + "/metrics").body(), "scheduler_pending_pods{queue=\"unschedulable\"}")).isEqualTo(0.0);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
