package io.kube4j.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.runtime.SandboxStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The apiserver's {@code nodes/NAME/proxy} to a real {@link KubeletServer} (over the fake
 * runtime): {@code /stats/summary}, {@code /pods}, {@code /metrics/resource}, {@code /healthz}
 * and {@code /containerLogs}, through the JDK client, fabric8, {@code kubectl get --raw} and
 * {@code kubectl proxy}; the kubelet authorizes the apiserver by its client certificate.
 */
@Timeout(60)
class NodeProxyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SERVING = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)");

    static KubeletBehindApi harness;
    static TestApiServer api;
    static KubernetesClient client;
    static HttpClient http;
    static KubeletServer kubelet;
    static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        harness = KubeletBehindApi.start("node-proxy-it");
        api = harness.api;
        client = harness.client;
        http = api.http();
        SandboxStatus sandbox = harness.runtime.addSandbox("default", "web", "uid-web");
        Path log = harness.dir.resolve("web.log");
        Files.writeString(log, "2024-01-01T00:00:01Z stdout F first\n2024-01-01T00:00:02Z stderr F second\n");
        harness.runtime.addContainer(sandbox, "app", 0, true, log);
        Pod web = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-web")
                .endMetadata().withNewSpec().withNodeName("node-a").addNewContainer().withName("app")
                .withImage("busybox").endContainer().endSpec().build();
        kubelet = harness.serve("node-a", () -> List.of(web));
        deadPort = KubeletBehindApi.closedPort();
        harness.node("node-dead", deadPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void kubeletEndpointsThroughTheApiserver() throws Exception {
        HttpResponse<String> summary = get("/api/v1/nodes/node-a/proxy/stats/summary");
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        JsonNode stats = JSON.readTree(summary.body());
        assertThat(stats.path("node").path("nodeName").asString()).isEqualTo("node-a");
        assertThat(stats.path("pods").get(0).path("podRef").path("name").asString()).isEqualTo("web");

        HttpResponse<String> pods = get("/api/v1/nodes/node-a/proxy/pods");
        assertThat(pods.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(pods.body()).path("items").get(0).path("metadata").path("name").asString()).isEqualTo("web");

        HttpResponse<String> metrics = get("/api/v1/nodes/node-a:" + kubelet.port() + "/proxy/metrics/resource");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE container_cpu_usage_seconds_total counter");

        HttpResponse<String> health = get("/api/v1/nodes/https:node-a:" + kubelet.port() + "/proxy/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");

        HttpResponse<String> logs = get("/api/v1/nodes/node-a/proxy/containerLogs/default/web/app?tailLines=1");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.body()).isEqualTo("second\n");
    }

    @Test
    void unreachableKubeletIs503WithTheDialError() throws Exception {
        HttpResponse<String> r = get("/api/v1/nodes/node-dead/proxy/healthz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("message").asString()).isEqualTo(
                "error trying to reach service: dial tcp 127.0.0.1:" + deadPort + ": connect: connection refused");
    }

    @Test
    void fabric8Raw() {
        JsonNode stats = JSON.readTree(client.raw("/api/v1/nodes/node-a/proxy/stats/summary"));
        assertThat(stats.path("node").path("nodeName").asString()).isEqualTo("node-a");
        assertThat(client.raw("/api/v1/nodes/node-a/proxy/pods")).contains("\"name\":\"web\"");
    }

    @Test
    void kubectlGetRawAndProxy() throws Exception {
        Kubectl133 kubectl = Kubectl133.require(api.kubeconfig());
        Kubectl133.Result summary = kubectl.run(null, "get", "--raw", "/api/v1/nodes/node-a/proxy/stats/summary");
        assertThat(summary.exit()).as(summary.err()).isZero();
        assertThat(JSON.readTree(summary.out()).path("node").path("nodeName").asString()).isEqualTo("node-a");
        Kubectl133.Result pods = kubectl.run(null, "get", "--raw", "/api/v1/nodes/node-a/proxy/pods");
        assertThat(pods.exit()).as(pods.err()).isZero();
        assertThat(pods.out()).contains("\"name\":\"web\"");

        Process proxy = kubectl.start("proxy", "--port=0");
        try (HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            proxy.getOutputStream().close();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(proxy.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Matcher m = SERVING.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(1)));
                        }
                    }
                    port.completeExceptionally(new IllegalStateException("kubectl proxy ended without serving"));
                } catch (java.io.IOException e) {
                    port.completeExceptionally(e);
                }
            });
            int p = port.get(15, TimeUnit.SECONDS);
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p
                    + "/api/v1/nodes/node-a/proxy/stats/summary")).timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("node").path("nodeName").asString()).isEqualTo("node-a");
        } finally {
            proxy.destroy();
            if (!proxy.waitFor(5, TimeUnit.SECONDS)) {
                proxy.destroyForcibly();
            }
        }
    }
}
