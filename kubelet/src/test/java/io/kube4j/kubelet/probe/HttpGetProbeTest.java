package io.kube4j.kubelet.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.kube4j.apiserver.pki.CertificateAuthority;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.pki.SubjectNames;
import io.kube4j.apiserver.pki.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The httpGet handler against a loopback server: statuses, headers, redirects, timeouts, HTTPS without verification. */
class HttpGetProbeTest {

    private HttpServer server;
    private int port;
    private final Map<String, com.sun.net.httpserver.Headers> seen = new ConcurrentHashMap<>();
    private final HttpGetProbe probe = new HttpGetProbe();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        seen.put(path, exchange.getRequestHeaders());
        switch (path) {
            case "/ok" -> respond(exchange, 200, "all good");
            case "/created" -> respond(exchange, 204, null);
            case "/fail" -> respond(exchange, 500, "broken");
            case "/notfound" -> respond(exchange, 404, "no");
            case "/big" -> respond(exchange, 200, "x".repeat(50_000));
            case "/chunked" -> {
                exchange.sendResponseHeaders(200, 0); // 0: chunked
                exchange.getResponseBody().write("chunk-one ".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().write("chunk-two".getBytes(StandardCharsets.UTF_8));
                exchange.close();
            }
            case "/same" -> redirect(exchange, "/ok");
            case "/absolute-same" -> redirect(exchange, "http://127.0.0.1:" + port + "/ok");
            case "/elsewhere" -> redirect(exchange, "http://localhost:" + port + "/ok");
            case "/loop" -> redirect(exchange, "/loop");
            case "/slow" -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 200, "late");
            }
            default -> respond(exchange, 418, "?");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        if (body != null) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        respond(exchange, 302, "moved");
    }

    private ProbeResult get(String path, HTTPHeader... headers) {
        return probe.run(new HttpGetProbe.Request("http", "127.0.0.1", port, path, List.of(headers)), Duration.ofSeconds(1));
    }

    @Test
    void successFrom200To399AndUpstreamsFailureMessage() {
        assertThat(get("/ok")).isEqualTo(ProbeResult.success("all good"));
        assertThat(get("/created").status()).isEqualTo(ProbeResult.Status.SUCCESS);
        assertThat(get("/fail")).isEqualTo(ProbeResult.failure("HTTP probe failed with statuscode: 500"));
        assertThat(get("/notfound")).isEqualTo(ProbeResult.failure("HTTP probe failed with statuscode: 404"));
        assertThat(get("/chunked")).isEqualTo(ProbeResult.success("chunk-one chunk-two"));
        assertThat(get("/big").output()).hasSize(HttpGetProbe.MAX_BODY);
    }

    @Test
    void sendsUpstreamsUserAgentAndAcceptUnlessTheProbeSetsThem() {
        get("/ok");
        assertThat(seen.get("/ok").getFirst("User-Agent")).isEqualTo("kube-probe/1.33");
        assertThat(seen.get("/ok").getFirst("Accept")).isEqualTo("*/*");
        assertThat(seen.get("/ok").getFirst("Host")).isEqualTo("127.0.0.1:" + port);
        assertThat(seen.get("/ok").getFirst("Connection")).isEqualTo("close");

        get("/created", new HTTPHeader("User-Agent", "mine/1"), new HTTPHeader("Accept", "application/json"),
                new HTTPHeader("X-Custom", "v"), new HTTPHeader("Host", "app.example.com"));
        assertThat(seen.get("/created").getFirst("User-Agent")).isEqualTo("mine/1");
        assertThat(seen.get("/created").getFirst("Accept")).isEqualTo("application/json");
        assertThat(seen.get("/created").getFirst("X-Custom")).isEqualTo("v");
        assertThat(seen.get("/created").getFirst("Host")).isEqualTo("app.example.com");

        get("/fail", new HTTPHeader("Accept", ""));
        assertThat(seen.get("/fail").containsKey("Accept")).as("an empty Accept removes the header").isFalse();
    }

    @Test
    void redirectsAreFollowedOnTheSameHostOnly() {
        assertThat(get("/same")).isEqualTo(ProbeResult.success("all good"));
        assertThat(get("/absolute-same")).isEqualTo(ProbeResult.success("all good"));
        // localhost is another host name than 127.0.0.1: not followed, a warning (counted as success)
        seen.clear();
        assertThat(get("/elsewhere")).isEqualTo(ProbeResult.warning("Probe terminated redirects, Response body: moved"));
        assertThat(seen).doesNotContainKey("/ok");
        assertThat(get("/loop")).isEqualTo(ProbeResult.failure(
                "Get \"http://127.0.0.1:" + port + "/loop\": stopped after 10 redirects"));
    }

    @Test
    void timeoutAndRefusedConnectionsFail() throws IOException {
        long start = System.nanoTime();
        ProbeResult slow = get("/slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(slow).isEqualTo(ProbeResult.failure("Get \"http://127.0.0.1:" + port
                + "/slow\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"));

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ProbeResult refused = probe.run(new HttpGetProbe.Request("http", "127.0.0.1", closed, "/healthz", List.of()), Duration.ofSeconds(1));
        assertThat(refused).isEqualTo(ProbeResult.failure("Get \"http://127.0.0.1:" + closed
                + "/healthz\": dial tcp 127.0.0.1:" + closed + ": connect: connection refused"));
    }

    @Test
    void httpsIsProbedWithoutVerifyingTheCertificate() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.generate("probe-test-ca", now, Duration.ofDays(1));
        KeyedCertificate serving = ca.issueServing("elsewhere", SubjectNames.of(List.of("not-this-host.invalid")), now, Duration.ofDays(1));
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(serving, ca.certificate())));
        https.createContext("/", exchange -> respond(exchange, 200, "secure"));
        https.start();
        try {
            ProbeResult result = probe.run(new HttpGetProbe.Request("https", "127.0.0.1", https.getAddress().getPort(), "/healthz",
                    List.of()), Duration.ofSeconds(5));
            assertThat(result).isEqualTo(ProbeResult.success("secure"));
        } finally {
            https.stop(0);
        }
    }
}
