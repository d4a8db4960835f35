package io.kube4j.apiserver.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.pki.CertificateAuthority;
import io.fabric8.kubernetes.client.Config;
import io.kube4j.apiserver.pki.KeyedCertificate;
import io.kube4j.apiserver.pki.Pem;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.Base64;
import io.kube4j.apiserver.pki.SubjectNames;
import io.kube4j.apiserver.pki.TlsContexts;
import io.kube4j.apiserver.testing.TestApiServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * nodes/proxy, pods/proxy and services/proxy through the real apiserver to JDK HTTP servers on
 * loopback (a pod, a service endpoint, a fake kubelet over HTTPS checking the apiserver's client
 * certificate), with the JDK client, fabric8 and the real kubectl ({@code get --raw}, {@code proxy}).
 */
@Timeout(60)
class ResourceProxyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TestApiServer api;
    static KubernetesClient client;
    static HttpClient http;
    static ProxyBackend backend;
    static ProxyBackend kubelet;
    static int deadPort;

    @BeforeAll
    static void start() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
        http = api.http();
        backend = ProxyBackend.http();
        CertificateAuthority selfSigned = CertificateAuthority.generate("fake-kubelet-ca", Instant.now(), Duration.ofDays(1));
        KeyedCertificate serving = selfSigned.issueServing("fake-kubelet", SubjectNames.of(List.of("127.0.0.1")),
                Instant.now(), Duration.ofDays(1));
        // as a kubelet: its own serving certificate, asking for client certificates of the cluster CA
        X509Certificate clusterCa = Pem.parseCertificates(new String(Base64.getDecoder().decode(
                Config.fromKubeconfig(Files.readString(api.kubeconfig())).getCaCertData()), StandardCharsets.UTF_8))
                .getFirst();
        kubelet = ProxyBackend.https(TlsContexts.server(serving.privateKey(), List.of(serving.certificate()), clusterCa));
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = closed.getLocalPort();
        }

        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder(client.nodes().withName("n1").get()).withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.port()).endKubeletEndpoint()
                .endDaemonEndpoints().endStatus().build()).updateStatus();

        pod("web", "127.0.0.1", backend.port());
        pod("dead", "127.0.0.1", deadPort);
        pod("pending", null, backend.port());
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .create();
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("empty")
                .endMetadata().withNewSpec().addNewPort().withName("http").withPort(80).endPort().endSpec().build())
                .create();
        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName("web-abc").addToLabels("kubernetes.io/service-name", "web").endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withPort(backend.port()).withProtocol("TCP").endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("default").withName("web").endTargetRef().endEndpoint()
                .build()).create();
    }

    private static void pod(String name, String ip, int port) {
        Pod created = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withNodeName("n1").addNewContainer().withName("app").withImage("busybox")
                .addNewPort().withName("http").withContainerPort(port).endPort().endContainer().endSpec().build())
                .create();
        if (ip != null) {
            client.pods().inNamespace("default").resource(new PodBuilder(created).withNewStatus().withPhase("Running")
                    .withPodIP(ip).addNewPodIP().withIp(ip).endPodIP().endStatus().build()).updateStatus();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (http != null) {
            http.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return call("GET", path, null);
    }

    @Test
    void podProxyPassesPathQueryHeadersAndBody() throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/namespaces/default/pods/web/proxy/echo/a%20b/?x=1&y=two", "payload",
                "X-Custom", "kept", "Authorization", "Basic Zm9vOmJhcg==", "Content-Type", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Backend")).hasValue("yes");
        assertThat(r.body()).contains("method=POST\n", "path=/echo/a%20b/\n", "query=x=1&y=two\n", "x-custom=[kept]\n",
                "authorization=null\n", "body=payload\n",
                "x-forwarded-uri=[/api/v1/namespaces/default/pods/web/proxy/echo/a%20b/]\n", "x-forwarded-for=[127.0.0.1");
        for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS")) {
            HttpResponse<String> m = call(method, "/api/v1/namespaces/default/pods/web:" + backend.port() + "/proxy/echo",
                    method.equals("DELETE") || method.equals("OPTIONS") ? null : "b-" + method);
            assertThat(m.statusCode()).as(method).isEqualTo(200);
            assertThat(m.body()).as(method).contains("method=" + method + "\n");
        }
        HttpResponse<String> head = call("HEAD", "/api/v1/namespaces/default/pods/http:web:http/proxy/echo", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Backend")).hasValue("yes");
        assertThat(head.headers().firstValue("Content-Length")).isPresent();
        assertThat(head.body()).isEmpty();
        // ?watch=true is the backend's business, not a watch of pods
        assertThat(get("/api/v1/namespaces/default/pods/web/proxy/echo?watch=true").body()).contains("query=watch=true\n");
    }

    @Test
    void largeBodiesOfKnownAndUnknownLengthAreStreamedThrough() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        String path = "/api/v1/namespaces/default/services/web:http/proxy/count";
        HttpResponse<String> known = http.send(HttpRequest.newBuilder(URI.create(api.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(known.body()).isEqualTo("PUT bytes=" + big.length);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(api.url() + path))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.body()).isEqualTo("POST bytes=" + big.length);
        HttpResponse<String> plainGet = get(path);
        assertThat(plainGet.body()).isEqualTo("GET bytes=0");
    }

    @Test
    void proxyWithoutAPathRedirectsToTheSlash() throws Exception {
        HttpResponse<String> r = get("/api/v1/namespaces/default/pods/web/proxy?a=b");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/namespaces/default/pods/web/proxy/?a=b");
        assertThat(get("/api/v1/namespaces/default/pods/web/proxy/").body()).contains("path=/\n");
    }

    @Test
    void redirectsAndHtmlLinksGoBackThroughTheProxy() throws Exception {
        HttpResponse<String> moved = get("/api/v1/namespaces/default/services/web:http/proxy/moved");
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.headers().firstValue("Location")).hasValue("/api/v1/namespaces/default/services/web:http/proxy/echo/after");
        HttpResponse<String> page = get("/api/v1/namespaces/default/services/web:http/proxy/page");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("<html><body><a href=\"/api/v1/namespaces/default/services/web:http/proxy/docs/\">"
                + "docs \u00e9\u20ac</a><img src=\"/api/v1/namespaces/default/services/web:http/proxy/i.png\">"
                + "<a href=\"https://example.com/\">out</a></body></html>");
        assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void responsesAreStreamedAsTheyArrive() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
                URI.create(api.url() + "/api/v1/namespaces/default/pods/web/proxy/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the backend holds "second" back until released: "first" must arrive on its own
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            backend.release();
            assertThat(lines.readLine()).isEqualTo("second");
        }
    }

    @Test
    void serviceProxyGoesToAReadyEndpoint() throws Exception {
        for (String id : List.of("web:http", "web:80", "http:web:http", "web:http")) {
            HttpResponse<String> r = get("/api/v1/namespaces/default/services/" + id + "/proxy/echo/svc");
            assertThat(r.statusCode()).as(id).isEqualTo(200);
            assertThat(r.body()).as(id).contains("path=/echo/svc\n");
        }
    }

    @Test
    void nodeProxyUsesTheKubeletClientCertificateOnTheKubeletPort() throws Exception {
        HttpResponse<String> r = get("/api/v1/nodes/n1/proxy/echo/stats/summary?only_cpu_and_memory=true");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("path=/echo/stats/summary\n", "query=only_cpu_and_memory=true\n",
                "client=CN=kube-apiserver-kubelet-client");
        // another port of the node: plain http, no client certificate
        HttpResponse<String> other = get("/api/v1/nodes/n1:" + backend.port() + "/proxy/echo/metrics");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("path=/echo/metrics\n", "client=none\n");
        HttpResponse<String> explicit = get("/api/v1/nodes/https:n1:" + kubelet.port() + "/proxy/echo/pods");
        assertThat(explicit.body()).contains("client=CN=kube-apiserver-kubelet-client");
    }

    private static JsonNode status(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    @Test
    void errorsAsUpstream() throws Exception {
        HttpResponse<String> unknownPod = get("/api/v1/namespaces/default/pods/nope/proxy/x");
        assertThat(unknownPod.statusCode()).isEqualTo(404);
        assertThat(status(unknownPod).path("message").asString()).isEqualTo("pods \"nope\" not found");
        assertThat(get("/api/v1/nodes/nope/proxy/x").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/namespaces/default/services/nope/proxy/x").statusCode()).isEqualTo(404);

        HttpResponse<String> noEndpoints = get("/api/v1/namespaces/default/services/empty:http/proxy/x");
        assertThat(noEndpoints.statusCode()).isEqualTo(503);
        assertThat(status(noEndpoints).path("message").asString()).isEqualTo("no endpoints available for service \"empty\"");

        HttpResponse<String> unreachable = get("/api/v1/namespaces/default/pods/dead/proxy/x");
        assertThat(unreachable.statusCode()).isEqualTo(503);
        assertThat(status(unreachable).path("message").asString()).isEqualTo(
                "error trying to reach service: dial tcp 127.0.0.1:" + deadPort + ": connect: connection refused");

        HttpResponse<String> noIp = get("/api/v1/namespaces/default/pods/pending/proxy/x");
        assertThat(noIp.statusCode()).isEqualTo(400);
        assertThat(status(noIp).path("message").asString()).isEqualTo("address not allowed");

        HttpResponse<String> bad = get("/api/v1/namespaces/default/pods/ftp:web:80/proxy/x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(status(bad).path("message").asString()).isEqualTo("invalid pod request \"ftp:web:80\"");
    }

    @Test
    void discoveryListsTheProxySubresources() throws Exception {
        JsonNode resources = JSON.readTree(get("/api/v1").body()).path("resources");
        for (String name : List.of("nodes/proxy", "pods/proxy", "services/proxy")) {
            JsonNode found = null;
            for (JsonNode r : resources) {
                if (r.path("name").asString().equals(name)) {
                    found = r;
                }
            }
            assertThat(found).as(name).isNotNull();
            assertThat(found.path("verbs").toString()).as(name)
                    .isEqualTo("[\"create\",\"delete\",\"get\",\"patch\",\"update\"]");
            assertThat(found.path("kind").asString()).as(name).endsWith("ProxyOptions");
        }
    }

    @Test
    void fabric8RawRequests() {
        assertThat(client.raw("/api/v1/nodes/n1/proxy/echo/healthz")).contains("path=/echo/healthz\n",
                "client=CN=kube-apiserver-kubelet-client");
        assertThat(client.raw("/api/v1/namespaces/default/pods/web:http/proxy/echo/p")).contains("path=/echo/p\n");
        assertThat(client.raw("/api/v1/namespaces/default/services/web:http/proxy/echo/s")).contains("path=/echo/s\n");
        assertThat(client.raw("/api/v1/namespaces/default/services/web:http/proxy/echo/post", "POST", "sent"))
                .contains("method=POST\n", "body=sent\n");
    }

    @Test
    void kubectlGetRawAndKubectlProxy() throws Exception {
        ProxyKubectl kubectl = ProxyKubectl.require(api.kubeconfig());
        ProxyKubectl.Result node = kubectl.run("get", "--raw", "/api/v1/nodes/n1/proxy/echo/stats/summary");
        assertThat(node.exit()).as(node.err()).isZero();
        assertThat(node.out()).contains("path=/echo/stats/summary\n", "client=CN=kube-apiserver-kubelet-client");
        ProxyKubectl.Result pod = kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/web/proxy/echo/k");
        assertThat(pod.out()).contains("path=/echo/k\n");
        ProxyKubectl.Result missing = kubectl.run("get", "--raw", "/api/v1/namespaces/default/services/empty/proxy/");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("no endpoints available for service");

        try (ProxyKubectl.Proxy proxy = kubectl.proxy();
                HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade offer
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
            for (String path : List.of("/api/v1/namespaces/default/services/web:http/proxy/echo/via-kubectl",
                    "/api/v1/namespaces/default/pods/web:http/proxy/echo/via-kubectl",
                    "/api/v1/nodes/n1/proxy/echo/via-kubectl")) {
                HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                        + path)).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
                assertThat(r.body()).as(path).contains("path=/echo/via-kubectl\n");
            }
            HttpResponse<String> page = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port()
                    + "/api/v1/namespaces/default/services/web:http/proxy/page")).timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("href=\"/api/v1/namespaces/default/services/web:http/proxy/docs/\"");
        }
    }
}
