package io.kube4j.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kube4j.apiserver.json.KubeJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Golden test against the real kubectl 1.33, which sends protobuf bodies for {@code create}: a
 * loopback server that answers discovery and captures each create body, then our decode of
 * kubectl's bytes must equal kubectl's own JSON rendering of the same object
 * ({@code --dry-run=client -o json}, whose {@code null}s upstream's protobuf cannot carry).
 * Skipped when {@code kubectl.1.33} is not installed beside the {@code kubectl} dispatcher.
 */
class KubectlProtobufIT {

    private static final String DISCOVERY_V1 = """
            {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
              {"name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace",
               "verbs": ["create", "get", "list"], "shortNames": ["ns"]},
              {"name": "configmaps", "singularName": "configmap", "namespaced": true, "kind": "ConfigMap",
               "verbs": ["create", "get", "list"], "shortNames": ["cm"]},
              {"name": "secrets", "singularName": "secret", "namespaced": true, "kind": "Secret",
               "verbs": ["create", "get", "list"]},
              {"name": "services", "singularName": "service", "namespaced": true, "kind": "Service",
               "verbs": ["create", "get", "list"], "shortNames": ["svc"]}]}""";
    private static final String DISCOVERY_APPS = """
            {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1", "resources": [
              {"name": "deployments", "singularName": "deployment", "namespaced": true, "kind": "Deployment",
               "verbs": ["create", "get", "list"], "shortNames": ["deploy"]}]}""";
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", "{\"kind\": \"APIVersions\", \"versions\": [\"v1\"], \"serverAddressByClientCIDRs\": "
                    + "[{\"clientCIDR\": \"0.0.0.0/0\", \"serverAddress\": \"127.0.0.1\"}]}",
            "/apis", "{\"kind\": \"APIGroupList\", \"apiVersion\": \"v1\", \"groups\": [{\"name\": \"apps\", "
                    + "\"versions\": [{\"groupVersion\": \"apps/v1\", \"version\": \"v1\"}], "
                    + "\"preferredVersion\": {\"groupVersion\": \"apps/v1\", \"version\": \"v1\"}}]}",
            "/api/v1", DISCOVERY_V1,
            "/apis/apps/v1", DISCOVERY_APPS);

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> captured = new ConcurrentHashMap<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: u, user: {}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
                current-context: x
                """.formatted(server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                captured.put(path, body);
                contentTypes.put(path, String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                // answer as the apiserver would: the created object, here as JSON (kubectl's second choice)
                reply(exchange, 201, KubeJson.json().writeValueAsBytes(KubeProtobuf.decode(body)));
                return;
            }
            String doc = DISCOVERY.get(path);
            reply(exchange, doc == null ? 404 : 200, (doc == null
                    ? "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"reason\": \"NotFound\", \"code\": 404}"
                    : doc).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            reply(exchange, 500, ("{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", "
                    + "\"message\": \"" + e.getMessage().replace("\"", "'") + "\", \"code\": 500}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @ParameterizedTest(name = "kubectl create {0}")
    @ValueSource(strings = {
            "namespace x | /api/v1/namespaces",
            "configmap c --from-literal=a=b --from-literal=app.properties=x=1 | /api/v1/namespaces/default/configmaps",
            "secret generic s --from-literal=password=s3cr3t --type=Opaque | /api/v1/namespaces/default/secrets",
            "deployment d --image=nginx --replicas=2 --port=8080 | /apis/apps/v1/namespaces/default/deployments",
            "service clusterip web --tcp=80:8080 --tcp=443:https | /api/v1/namespaces/default/services"})
    void decodesKubectlsOwnBytesToKubectlsOwnJson(String testCase) throws Exception {
        Path kubectl = kubectl133();
        String[] parts = testCase.split(" \\| ");
        List<String> args = List.of(parts[0].split(" "));

        Result created = run(kubectl, args, List.of());
        assertThat(created.code()).as(created.output()).isZero();
        byte[] body = captured.get(parts[1]);
        assertThat(body).as("body posted to %s", parts[1]).isNotNull();
        assertThat(contentTypes.get(parts[1])).isEqualTo(KubeProtobuf.MEDIA_TYPE);

        Result dryRun = run(kubectl, args, List.of("--dry-run=client", "-o", "json"));
        assertThat(dryRun.code()).as(dryRun.output()).isZero();
        JsonNode expected = withoutNulls(KubeJson.json().readTree(dryRun.output()));

        assertThat(KubeProtobuf.decode(body)).isEqualTo(expected);
        // and our own encoding of that JSON reads back the same
        assertThat(KubeProtobuf.decode(KubeProtobuf.encode(expected))).isEqualTo(expected);
    }

    private record Result(int code, String output) {
    }

    private Result run(Path kubectl, List<String> args, List<String> extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(),
                "--kubeconfig=" + dir.resolve("kubeconfig"), "--cache-dir=" + dir.resolve("cache"), "create"));
        command.addAll(args);
        command.addAll(extra);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 60s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")));
    }

    /** Upstream prints a zero time as {@code null}; protobuf has no null, and we leave it out. */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().isNull());
            object.forEach(KubectlProtobufIT::withoutNulls);
        } else if (node.isArray()) {
            node.forEach(KubectlProtobufIT::withoutNulls);
        }
        return node;
    }

    private static Path kubectl133() throws IOException {
        Path dispatcher = null;
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(d, "kubectl");
            if (Files.isExecutable(candidate)) {
                dispatcher = candidate;
                break;
            }
        }
        assumeTrue(dispatcher != null, "kubectl is not on the PATH");
        Path real = dispatcher.toRealPath().getParent().resolve("kubectl.1.33");
        assumeTrue(Files.isExecutable(real), "kubectl.1.33 is not installed beside " + dispatcher.toRealPath());
        return real;
    }
}
