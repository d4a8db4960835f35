package io.kube4j.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kube4j.apiserver.auth.AuthenticatorChain;
import io.kube4j.apiserver.auth.TokenFileAuthenticator;
import io.kube4j.apiserver.auth.UserInfo;
import io.kube4j.apiserver.auth.X509Authenticator;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A real Jetty server with the HTTPS connector and the authenticator chain, hit by real clients. */
class HttpsConnectorsIT {

    private static final String TOKEN = "0123456789abcdef";

    @TempDir
    static Path data;
    static ClusterPki pki;
    static Server server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        pki = ClusterPki.loadOrCreate(data, List.of());
        Path tokens = data.resolve("tokens.csv");
        Files.writeString(tokens, TOKEN + ",token-user,uid-7,\"readers,writers\"\n");
        AuthenticatorChain chain = new AuthenticatorChain(List.of(
                new X509Authenticator(pki.caCertificate()), TokenFileAuthenticator.load(tokens)));
        server = new Server();
        ServerConnector connector = HttpsConnectors.add(server, pki, "127.0.0.1", 0);
        server.setHandler(new WhoAmI(chain));
        server.start();
        base = "https://127.0.0.1:" + connector.getLocalPort();
        Kubeconfig.writeAdmin(data.resolve("kubeconfig.yaml"), base, pki);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void adminCertificateOverHttp2() throws Exception {
        HttpResponse<String> response = get(client(pki.adminSslContext(), HttpClient.Version.HTTP_2), "/api", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        JsonNode body = KubeJson.json().readTree(response.body());
        assertThat(body.path("protocol").asString()).isEqualTo("HTTP/2.0");
        assertThat(body.path("user").asString()).isEqualTo("kube4j-admin");
        assertThat(strings(body.path("groups"))).containsExactly("system:masters", "system:authenticated");
    }

    @Test
    void adminCertificateOverHttp11() throws Exception {
        HttpResponse<String> response = get(client(pki.adminSslContext(), HttpClient.Version.HTTP_1_1), "/api", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(KubeJson.json().readTree(response.body()).path("protocol").asString()).isEqualTo("HTTP/1.1");
    }

    @Test
    void bearerTokenFromTheTokenFile() throws Exception {
        HttpResponse<String> response = get(anonymousClient(), "/api/v1/pods", "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = KubeJson.json().readTree(response.body());
        assertThat(body.path("user").asString()).isEqualTo("token-user");
        assertThat(body.path("uid").asString()).isEqualTo("uid-7");
        assertThat(strings(body.path("groups"))).containsExactly("readers", "writers", "system:authenticated");
    }

    @Test
    void unknownTokenIs401EvenOnAPublicPath() throws Exception {
        for (String path : List.of("/api", "/healthz")) {
            HttpResponse<String> response = get(anonymousClient(), path, "Bearer not-a-token");
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            JsonNode status = KubeJson.json().readTree(response.body());
            assertThat(status.path("kind").asString()).isEqualTo("Status");
            assertThat(status.path("reason").asString()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void noCredentialsIsAnonymousOnlyOnPublicPaths() throws Exception {
        HttpClient client = anonymousClient();
        assertThat(get(client, "/api/v1/namespaces", null).statusCode()).isEqualTo(401);
        for (String path : List.of("/healthz", "/readyz/etcd", "/livez", "/version")) {
            HttpResponse<String> response = get(client, path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            JsonNode body = KubeJson.json().readTree(response.body());
            if (!path.equals("/version")) {
                assertThat(body.path("user").asString()).isEqualTo(UserInfo.ANONYMOUS);
                assertThat(strings(body.path("groups"))).containsExactly(UserInfo.ALL_UNAUTHENTICATED);
            }
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRejectedNotTrusted() throws Exception {
        CertificateAuthority other = CertificateAuthority.generate(ClusterPki.CA_NAME, Instant.now(), Duration.ofDays(1));
        KeyedCertificate forged = other.issueClient(ClusterPki.ADMIN_USER, List.of(ClusterPki.ADMIN_GROUP),
                Instant.now(), Duration.ofHours(1));
        // A CA with our CA's name but another key, and a client that sends its certificate whatever
        // issuers the server names, as curl does: only the signature check can tell.
        SSLContext pushy = ForcedClientCertificate.context(forged, pki.caCertificate());
        HttpResponse<String> response = get(client(pushy, HttpClient.Version.HTTP_2), "/api", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(ClusterPki.ADMIN_USER);
        // The JDK's own key manager offers only certificates from the issuers the server names
        // (by name: the forged CA above has our CA's name, so the JDK would send that one too).
        CertificateAuthority elsewhere = CertificateAuthority.generate("elsewhere", Instant.now(), Duration.ofDays(1));
        KeyedCertificate stranger = elsewhere.issueClient(ClusterPki.ADMIN_USER, List.of(), Instant.now(),
                Duration.ofHours(1));
        HttpResponse<String> polite = get(client(TlsContexts.client(stranger, pki.caCertificate()),
                HttpClient.Version.HTTP_2), "/healthz", null);
        assertThat(KubeJson.json().readTree(polite.body()).path("user").asString()).isEqualTo(UserInfo.ANONYMOUS);
    }

    @Test
    void serverCertificateIsRejectedByClientsThatTrustAnotherCa() {
        CertificateAuthority other = CertificateAuthority.generate("elsewhere", Instant.now(), Duration.ofDays(1));
        HttpClient client = client(TlsContexts.client(null, other.certificate()), HttpClient.Version.HTTP_2);
        assertThatThrownBy(() -> get(client, "/healthz", null)).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void curlWithTheAdminCertificateNegotiatesHttp2AndChecksTheServerName() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Path tls = pki.directory();
        int port = URI.create(base).getPort();
        List<String> out = run(List.of("/usr/bin/curl", "-sS", "--http2", "--cacert", tls.resolve("ca.crt").toString(),
                "--cert", tls.resolve("admin.crt").toString(), "--key", tls.resolve("admin.key").toString(),
                "--resolve", "kubernetes.default.svc:" + port + ":127.0.0.1",
                "-w", "\n%{http_version} %{http_code}",
                "https://kubernetes.default.svc:" + port + "/api"));
        assertThat(out.getLast()).isEqualTo("2 200");
        assertThat(KubeJson.json().readTree(out.getFirst()).path("user").asString()).isEqualTo("kube4j-admin");
        List<String> bad = run(List.of("/usr/bin/curl", "-sS", "--cacert", tls.resolve("ca.crt").toString(),
                "--resolve", "not-in-the-cert.test:" + port + ":127.0.0.1",
                "https://not-in-the-cert.test:" + port + "/healthz"));
        assertThat(String.join("\n", bad)).contains("SSL");
    }

    @Test
    void kubectlReadsTheAdminKubeconfig() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
        List<String> out = run(List.of("/usr/bin/kubectl", "--kubeconfig", data.resolve("kubeconfig.yaml").toString(),
                "version", "-o", "json"));
        JsonNode version = KubeJson.json().readTree(String.join("\n", out));
        assertThat(version.path("serverVersion").path("gitVersion").asString()).isEqualTo(WhoAmI.GIT_VERSION);
    }

    @Test
    void fabric8ClientReadsTheAdminKubeconfig() throws Exception {
        io.fabric8.kubernetes.client.Config config =
                io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(data.resolve("kubeconfig.yaml")));
        try (io.fabric8.kubernetes.client.KubernetesClient client =
                     new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(WhoAmI.GIT_VERSION);
        }
    }

    private static List<String> run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command.getFirst()).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    private static HttpClient anonymousClient() {
        return client(TlsContexts.client(null, pki.caCertificate()), HttpClient.Version.HTTP_2);
    }

    private static HttpClient client(SSLContext tls, HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient client, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }

    /** Echoes the authenticated user (401 Status for anonymous requests off the public paths). */
    static final class WhoAmI extends Handler.Abstract {
        static final String GIT_VERSION = "v1.32.0-kube4j-test";
        private final AuthenticatorChain chain;

        WhoAmI(AuthenticatorChain chain) {
            this.chain = chain;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object body;
            try {
                UserInfo user = chain.requireUser(request);
                body = Request.getPathInContext(request).equals("/version")
                        ? Map.of("major", "1", "minor", "32", "gitVersion", GIT_VERSION, "platform", "linux/amd64")
                        : Map.of("user", user.name(), "uid", user.uid(), "groups", user.groups(),
                                "protocol", request.getConnectionMetaData().getProtocol());
                response.setStatus(200);
            } catch (ApiException e) {
                body = e.toStatus();
                response.setStatus(e.code());
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, KubeJson.json().writeValueAsString(body), callback);
            return true;
        }
    }
}
