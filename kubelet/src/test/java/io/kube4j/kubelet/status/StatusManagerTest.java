package io.kube4j.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status manager against an apiserver stand-in on loopback: a status whose writes all fail is
 * marked unwritten (so the pod's worker comes back within 10 s), and a later write clears it.
 */
class StatusManagerTest {

    private final AtomicBoolean failing = new AtomicBoolean(true);
    private final AtomicInteger patches = new AtomicInteger();
    private HttpServer server;
    private KubernetesClient client;

    private final Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("u1")
            .withResourceVersion("1").endMetadata().withNewSpec().withNodeName("n1").endSpec()
            .withStatus(new PodStatusBuilder().withPhase("Pending").build()).build();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // fabric8 may read the pod before it patches: reads answer, patches of the status fail while failing is set.
        server.createContext("/api/v1/namespaces/ns/pods/web", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean patch = "PATCH".equals(exchange.getRequestMethod());
            if (patch) {
                patches.incrementAndGet();
            }
            byte[] body;
            int code;
            if (patch && failing.get()) {
                code = 500;
                body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500,\"message\":\"etcd down\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                code = 200;
                body = Serialization.asJson(pod).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aStatusNoWriteGotThroughIsUnwrittenUntilOneDoes() {
        StatusManager statuses = new StatusManager(client);
        PodStatus running = new PodStatusBuilder().withPhase("Running").build();

        PodStatus reported = statuses.update(pod, running);

        assertThat(patches.get()).isEqualTo(StatusManager.ATTEMPTS);
        assertThat(reported.getPhase()).isEqualTo("Pending");
        assertThat(statuses.unwritten("u1")).isTrue();

        failing.set(false);
        reported = statuses.update(pod, running);

        assertThat(reported.getPhase()).isEqualTo("Running");
        assertThat(statuses.unwritten("u1")).isFalse();
        assertThat(statuses.last("u1").getPhase()).isEqualTo("Running");
    }

    @Test
    void aForgottenPodIsNoLongerUnwritten() {
        StatusManager statuses = new StatusManager(client);
        statuses.update(pod, new PodStatusBuilder().withPhase("Running").build());
        assertThat(statuses.unwritten("u1")).isTrue();

        statuses.forget("u1");

        assertThat(statuses.unwritten("u1")).isFalse();
    }
}
