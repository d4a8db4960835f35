package io.kube4j.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The TokenRequest a {@link Fabric8TokenSource} sends and how it reads the answer, against a loopback stand-in. */
class Fabric8TokenSourceTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + body);
            boolean known = ex.getRequestURI().getPath().equals("/api/v1/namespaces/shop/serviceaccounts/builder/token");
            byte[] answer = (known
                    ? "{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\",\"spec\":{},"
                            + "\"status\":{\"token\":\"aaa.bbb.ccc\",\"expirationTimestamp\":\"2026-05-01T10:00:00Z\"}}"
                    : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
                            + "\"message\":\"serviceaccounts \\\"ghost\\\" not found\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(known ? 201 : 404, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort()).withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void postsABoundTokenRequestAndReadsTheToken() throws Exception {
        var token = new Fabric8TokenSource(client).request("shop", "builder", List.of("vault"), 600, "web", "uid-1");
        assertThat(token).isEqualTo(new TokenSource.Token("aaa.bbb.ccc", Instant.parse("2026-05-01T10:00:00Z")));
        assertThat(requests).hasSize(1);
        String[] parts = requests.getFirst().split(" ", 3);
        assertThat(parts[0]).isEqualTo("POST");
        assertThat(parts[1]).isEqualTo("/api/v1/namespaces/shop/serviceaccounts/builder/token");
        JsonNode body = new ObjectMapper().readTree(parts[2]);
        assertThat(body.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(body.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
        assertThat(body.path("spec").path("audiences").get(0).asString()).isEqualTo("vault");
        assertThat(body.path("spec").path("expirationSeconds").asLong()).isEqualTo(600);
        JsonNode ref = body.path("spec").path("boundObjectRef");
        assertThat(ref.path("kind").asString()).isEqualTo("Pod");
        assertThat(ref.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(ref.path("name").asString()).isEqualTo("web");
        assertThat(ref.path("uid").asString()).isEqualTo("uid-1");
    }

    @Test
    void aRefusalIsAnIOException() {
        assertThatThrownBy(() -> new Fabric8TokenSource(client).request("shop", "ghost", List.of(), 600, "web", "uid-1"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("not found");
    }
}
