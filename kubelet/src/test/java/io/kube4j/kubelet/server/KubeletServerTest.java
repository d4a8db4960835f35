package io.kube4j.kubelet.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.proxy.KubeletClient;
import io.kube4j.kubelet.stats.NodeUsage;
import io.kube4j.kubelet.stats.SummaryProvider;
import io.kube4j.runtime.SandboxStatus;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The kubelet server over HTTPS with client certificates, against {@link FakeRuntime}. */
@Timeout(60)
class KubeletServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path dir;
    private static FakeRuntime runtime;
    private static KubeletServer server;
    private static KubeletClient apiserver;
    private static CertificateAuthority ca;
    private static String base;
    private static SandboxStatus sandbox;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kubelet-server-test");
        ca = CertificateAuthority.generate("test-ca", Instant.now(), Duration.ofDays(1));
        runtime = new FakeRuntime();
        sandbox = runtime.addSandbox("default", "web", "uid-1");
        Path previous = dir.resolve("app-0.log");
        Files.writeString(previous, "2024-01-01T00:00:00Z stdout F before the restart\n");
        Path current = dir.resolve("app-1.log");
        Files.writeString(current, "2024-01-01T00:00:01Z stdout F first\n2024-01-01T00:00:02Z stderr F second\n");
        runtime.addContainer(sandbox, "app", 0, false, previous);
        runtime.addContainer(sandbox, "app", 1, true, current);
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().build();
        KubeletServerConfig config = KubeletServerConfig.defaults("node-a", "127.0.0.1", 0, dir, ca.certificate());
        server = KubeletServer.start(config, runtime, () -> List.of(pod),
                new SummaryProvider("node-a", runtime, new NodeUsage(Path.of("/proc"))), Duration.ofMillis(50));
        apiserver = KubeletClient.create(ca.issueClient(KubeletServerConfig.APISERVER_USER, List.of(), Instant.now(),
                Duration.ofDays(1)));
        base = "https://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (apiserver != null) {
            apiserver.close();
        }
        if (server != null) {
            server.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static HttpResponse<InputStream> get(KubeletClient client, String path) throws Exception {
        return client.get(URI.create(base + path));
    }

    private static String body(HttpResponse<InputStream> r) throws Exception {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anonymousIsUnauthorizedAndOtherUsersForbidden() throws Exception {
        try (KubeletClient anonymous = KubeletClient.create(null)) {
            assertEquals(401, get(anonymous, "/healthz").statusCode());
        }
        KeyedCertificate stranger = ca.issueClient("jane", List.of("developers"), Instant.now(), Duration.ofDays(1));
        try (KubeletClient jane = KubeletClient.create(stranger)) {
            HttpResponse<InputStream> r = get(jane, "/pods");
            assertEquals(403, r.statusCode());
            assertEquals("Forbidden (user=jane, verb=get, resource=nodes, subresource=proxy)", body(r));
        }
        CertificateAuthority other = CertificateAuthority.generate("other-ca", Instant.now(), Duration.ofDays(1));
        KeyedCertificate foreign = other.issueClient(KubeletServerConfig.APISERVER_USER, List.of(), Instant.now(),
                Duration.ofDays(1));
        try (KubeletClient impostor = KubeletClient.create(foreign)) {
            assertEquals(401, get(impostor, "/healthz").statusCode());
        }
        KeyedCertificate admin = ca.issueClient("root", List.of(KubeletServerConfig.MASTERS_GROUP), Instant.now(),
                Duration.ofDays(1));
        try (KubeletClient master = KubeletClient.create(admin)) {
            assertEquals(200, get(master, "/healthz").statusCode());
        }
    }

    @Test
    void healthzAndPods() throws Exception {
        HttpResponse<InputStream> health = get(apiserver, "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", body(health));
        JsonNode pods = JSON.readTree(body(get(apiserver, "/pods")));
        assertEquals("PodList", pods.path("kind").asString());
        assertEquals("web", pods.path("items").get(0).path("metadata").path("name").asString());
    }

    @Test
    void containerLogsCurrentPreviousAndErrors() throws Exception {
        assertEquals("first\nsecond\n", body(get(apiserver, "/containerLogs/default/web/app")));
        assertEquals("second\n", body(get(apiserver, "/containerLogs/default/web/app?tailLines=1")));
        assertEquals("2024-01-01T00:00:00.000000000Z before the restart\n",
                body(get(apiserver, "/containerLogs/default/web/app?previous=true&timestamps=true")));
        HttpResponse<InputStream> missing = get(apiserver, "/containerLogs/default/web/nope");
        assertEquals(400, missing.statusCode());
        assertEquals("container \"nope\" in pod \"web\" is waiting to start: ContainerCreating", body(missing));
        HttpResponse<InputStream> bad = get(apiserver, "/containerLogs/default/web/app?tailLines=-2");
        assertEquals(400, bad.statusCode());
        assertEquals(404, get(apiserver, "/nothing/here").statusCode());
    }

    @Test
    void execV5EchoesStdinAndClosesStdinOnRequest() throws Exception {
        ChannelClient c = new ChannelClient();
        WebSocket ws = apiserver.webSocket(URI.create("wss" + base.substring(5)
                        + "/exec/default/web/app?command=cat&stdin=1&stdout=1&stderr=1"),
                List.of("v5.channel.k8s.io", "v4.channel.k8s.io"), c).get(10, TimeUnit.SECONDS);
        assertEquals("v5.channel.k8s.io", ws.getSubprotocol());
        ws.sendBinary(ChannelClient.message(0, "hello\n".getBytes(StandardCharsets.UTF_8)), true).join();
        byte[] echoed = c.next();
        assertEquals(ChannelProtocol.STDOUT, echoed[0]);
        assertEquals("hello\n", new String(echoed, 1, echoed.length - 1, StandardCharsets.UTF_8));
        ws.sendBinary(ChannelClient.message(255, new byte[] {0}), true).join();
        StringBuilder error = new StringBuilder();
        ChannelClient.drain(c, ChannelProtocol.STDOUT, error);
        assertEquals("Success", JSON.readTree(error.toString()).path("status").asString());
        assertEquals(1000, c.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void execV4ReportsStderrAndTheExitCode() throws Exception {
        ChannelClient c = new ChannelClient();
        String command = "command=sh&command=-c&command=" + java.net.URLEncoder.encode("echo out; echo err >&2; exit 3",
                StandardCharsets.UTF_8);
        apiserver.webSocket(URI.create("wss" + base.substring(5) + "/exec/default/web/app?" + command
                + "&stdout=true&stderr=true"), List.of("v4.channel.k8s.io"), c).get(10, TimeUnit.SECONDS);
        StringBuilder error = new StringBuilder();
        String stdout = ChannelClient.drain(c, ChannelProtocol.STDOUT, error);
        assertEquals("out\n", stdout);
        JsonNode status = JSON.readTree(error.toString());
        assertEquals("Failure", status.path("status").asString());
        assertEquals("NonZeroExitCode", status.path("reason").asString());
        assertEquals("ExitCode", status.path("details").path("causes").get(0).path("reason").asString());
        assertEquals("3", status.path("details").path("causes").get(0).path("message").asString());
        assertEquals("command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; "
                + "exit 3], exit code 3", status.path("message").asString());
    }

    @Test
    void execOfAStoppedContainerOrWithoutWebSocketIsRefused() throws Exception {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> apiserver.webSocket(URI.create("wss" + base.substring(5) + "/exec/default/web/gone?command=ls&stdout=1"),
                        List.of("v4.channel.k8s.io"), new ChannelClient()).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
        assertEquals(400, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
        assertEquals(400, get(apiserver, "/exec/default/web/app?command=ls&stdout=1").statusCode());
    }

    @Test
    void attachConnectsToTheMainProcess() throws Exception {
        ChannelClient c = new ChannelClient();
        WebSocket ws = apiserver.webSocket(URI.create("wss" + base.substring(5)
                + "/attach/default/web/app?stdin=1&stdout=1"), List.of("v5.channel.k8s.io"), c).get(10, TimeUnit.SECONDS);
        ws.sendBinary(ChannelClient.message(0, "attached\n".getBytes(StandardCharsets.UTF_8)), true).join();
        byte[] m = c.next();
        assertEquals("attached\n", new String(m, 1, m.length - 1, StandardCharsets.UTF_8));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void portForwardAnnouncesThePortAndRelaysBytes() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception ignored) {
                    // test ended
                }
            });
            int port = echo.getLocalPort();
            ChannelClient c = new ChannelClient();
            WebSocket ws = apiserver.webSocket(URI.create("wss" + base.substring(5) + "/portForward/default/web?ports="
                    + port), List.of("v4.channel.k8s.io"), c).get(10, TimeUnit.SECONDS);
            byte[] portBytes = {(byte) (port & 0xff), (byte) (port >> 8)};
            assertArrayEquals(new byte[] {0, portBytes[0], portBytes[1]}, c.next());
            assertArrayEquals(new byte[] {1, portBytes[0], portBytes[1]}, c.next());
            ws.sendBinary(ChannelClient.message(0, "ping".getBytes(StandardCharsets.UTF_8)), true).join();
            byte[] back = c.next();
            assertEquals(0, back[0]);
            assertEquals("ping", new String(back, 1, back.length - 1, StandardCharsets.UTF_8));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        }
    }

    @Test
    void summaryHasNodeAndContainerUsageAndARateFromTheSecondSample() throws Exception {
        JsonNode first = JSON.readTree(body(get(apiserver, "/stats/summary")));
        assertEquals("node-a", first.path("node").path("nodeName").asString());
        assertTrue(first.path("node").path("memory").path("workingSetBytes").asLong() > 0);
        assertTrue(first.path("node").path("cpu").path("usageCoreNanoSeconds").asLong() > 0);
        JsonNode pod = first.path("pods").get(0);
        assertEquals("web", pod.path("podRef").path("name").asString());
        assertEquals("uid-1", pod.path("podRef").path("uid").asString());
        JsonNode container = pod.path("containers").get(0);
        assertEquals("app", container.path("name").asString());
        assertEquals(15_000_000, container.path("memory").path("workingSetBytes").asLong());
        Thread.sleep(50);
        runtime.cpuNanos += 500_000_000L;
        JsonNode second = JSON.readTree(body(get(apiserver, "/stats/summary")));
        long rate = second.path("pods").get(0).path("containers").get(0).path("cpu").path("usageNanoCores").asLong();
        assertTrue(rate > 0, "usageNanoCores " + rate);
        assertTrue(second.path("node").path("cpu").has("usageNanoCores"));
        String metrics = body(get(apiserver, "/metrics/resource"));
        assertTrue(metrics.contains("# TYPE container_cpu_usage_seconds_total counter"), metrics);
        assertTrue(metrics.contains("container_memory_working_set_bytes{container=\"app\",namespace=\"default\","
                + "pod=\"web\"} 15000000 "), metrics);
        assertTrue(metrics.contains("pod_memory_working_set_bytes{namespace=\"default\",pod=\"web\"} 15000000 "), metrics);
        assertTrue(metrics.contains("resource_scrape_error 0"), metrics);
    }
}
