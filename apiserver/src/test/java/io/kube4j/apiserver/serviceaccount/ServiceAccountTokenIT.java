package io.kube4j.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.pki.Pem;
import io.kube4j.apiserver.pki.TlsContexts;
import io.kube4j.apiserver.testing.TestApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Service-account tokens through the real apiserver (HTTPS, x509 admin, in-memory store): the
 * token subresource via fabric8, raw HTTP and kubectl, tokens as bearer credentials, bound-pod
 * invalidation, the OIDC documents, discovery and the pods' kube-api-access volume.
 */
class ServiceAccountTokenIT {

    private static TestApiServer server;
    private static KubernetesClient admin;
    private static HttpClient anonymous;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        admin = server.fabric8();
        String ca = admin.configMaps().inNamespace("default").withName("kube-root-ca.crt").get().getData().get("ca.crt");
        anonymous = HttpClient.newBuilder().sslContext(TlsContexts.client(null, Pem.parseCertificates(ca).getFirst()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        admin.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("robot").build()).build()).create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return anonymous.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fabric8Token(String sa, TokenRequest request) {
        return admin.serviceAccounts().inNamespace("default").withName(sa).tokenRequest(request).getStatus().getToken();
    }

    @Test
    void fabric8TokenAuthenticatesAsTheServiceAccount() throws Exception {
        TokenRequest issued = admin.serviceAccounts().inNamespace("default").withName("robot")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(1200L).endSpec().build());
        assertThat(issued.getSpec().getAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
        assertThat(issued.getStatus().getExpirationTimestamp()).isNotBlank();
        String token = issued.getStatus().getToken();
        assertThat(get("/api/v1/namespaces/default/pods", token).statusCode()).isEqualTo(200);
        JsonNode claims = KubeJson.json().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("sub").asString()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(1200);
        assertThat(claims.path("kubernetes.io").path("serviceaccount").path("uid").asString())
                .isEqualTo(admin.serviceAccounts().inNamespace("default").withName("robot").get().getMetadata().getUid());
    }

    @Test
    void rawPostAnswers201AndTamperedOrForeignTokensGet401() throws Exception {
        String body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"audiences\":"
                + "[\"https://kubernetes.default.svc.cluster.local\",\"vault\"]}}";
        HttpResponse<String> created = server.http().send(HttpRequest.newBuilder(
                server.url().resolve("/api/v1/namespaces/default/serviceaccounts/robot/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode tr = KubeJson.json().readTree(created.body());
        assertThat(tr.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(tr.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
        assertThat(tr.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        String token = tr.path("status").path("token").asString();
        assertThat(get("/api/v1/namespaces/default/pods", token).statusCode()).isEqualTo(200);

        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(":robot", ":default")
                .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        HttpResponse<String> refused = get("/api/v1/namespaces/default/pods", forged);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"reason\":\"Unauthorized\"");
        assertThat(get("/api/v1/namespaces/default/pods", "garbage").statusCode()).isEqualTo(401);

        HttpResponse<String> tooShort = server.http().send(HttpRequest.newBuilder(
                server.url().resolve("/api/v1/namespaces/default/serviceaccounts/robot/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"spec\":{\"expirationSeconds\":60}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("may not specify a duration less than 10 minutes");
        HttpResponse<String> missing = server.http().send(HttpRequest.newBuilder(
                server.url().resolve("/api/v1/namespaces/default/serviceaccounts/ghost/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("serviceaccounts \\\"ghost\\\" not found");
    }

    @Test
    void podsGetTheKubeApiAccessVolumeAndBoundTokensDieWithThePod() throws Exception {
        Pod pod = admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("bound")
                .endMetadata().withNewSpec().withServiceAccountName("robot").addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build()).create();
        assertThat(pod.getSpec().getVolumes()).hasSize(1);
        String volume = pod.getSpec().getVolumes().getFirst().getName();
        assertThat(volume).startsWith("kube-api-access-");
        assertThat(pod.getSpec().getVolumes().getFirst().getProjected().getSources().getFirst()
                .getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607L);
        assertThat(pod.getSpec().getContainers().getFirst().getVolumeMounts().getFirst().getMountPath())
                .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(pod.getSpec().getContainers().getFirst().getVolumeMounts().getFirst().getReadOnly()).isTrue();

        String token = fabric8Token("robot", new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3607L)
                .withNewBoundObjectRef("v1", "Pod", "bound", pod.getMetadata().getUid()).endSpec().build());
        JsonNode claims = KubeJson.json().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("kubernetes.io").path("pod").path("uid").asString()).isEqualTo(pod.getMetadata().getUid());
        assertThat(claims.path("kubernetes.io").path("warnafter").asLong()).isEqualTo(claims.path("iat").asLong() + 3607);
        assertThat(get("/api/v1/namespaces/default/pods", token).statusCode()).isEqualTo(200);

        admin.pods().inNamespace("default").withName("bound").withGracePeriod(0).delete();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = 200;
        while (System.nanoTime() < deadline && status == 200) {
            status = get("/api/v1/namespaces/default/pods", token).statusCode();
            if (status == 200) {
                Thread.sleep(100);
            }
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void aPodRightAfterItsNamespaceFindsTheDefaultAccount() {
        admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("fresh").endMetadata().build()).create();
        Pod pod = admin.pods().inNamespace("fresh").resource(new PodBuilder().withNewMetadata().withName("first")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build()).create();
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("default");
        assertThat(pod.getSpec().getVolumes().getFirst().getName()).startsWith("kube-api-access-");
    }

    @Test
    void podOfAMissingServiceAccountIsForbidden() {
        try {
            admin.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("orphan")
                    .endMetadata().withNewSpec().withServiceAccountName("nobody").addNewContainer().withName("c")
                    .withImage("busybox").endContainer().endSpec().build()).create();
            throw new AssertionError("created");
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getMessage()).isEqualTo("pods \"orphan\" is forbidden: error looking up service account "
                    + "default/nobody: serviceaccount \"nobody\" not found");
        }
    }

    @Test
    void discoveryAndOidcDocuments() throws Exception {
        String token = fabric8Token("robot", new TokenRequestBuilder().withNewSpec().endSpec().build());
        JsonNode v1 = KubeJson.json().readTree(get("/api/v1", token).body());
        JsonNode sub = null;
        for (JsonNode r : v1.path("resources")) {
            if (r.path("name").asString().equals("serviceaccounts/token")) {
                sub = r;
            }
        }
        assertThat(sub).isNotNull();
        assertThat(sub.path("group").asString()).isEqualTo("authentication.k8s.io");
        assertThat(sub.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(sub.path("verbs").toString()).isEqualTo("[\"create\"]");

        HttpResponse<String> config = get("/.well-known/openid-configuration", token);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        JsonNode doc = KubeJson.json().readTree(config.body());
        assertThat(doc.path("issuer").asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(doc.path("jwks_uri").asString()).endsWith(":" + server.url().getPort() + "/openid/v1/jwks");
        HttpResponse<String> jwks = get("/openid/v1/jwks", token);
        assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
        String kid = KubeJson.json().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0])).path("kid").asString();
        assertThat(KubeJson.json().readTree(jwks.body()).path("keys").get(0).path("kid").asString()).isEqualTo(kid);
        assertThat(get("/openid/v1/jwks", null).statusCode()).isEqualTo(401);
    }

    @Test
    void kubectlCreateToken() throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on the PATH");
        Result ok = kubectl(kubectl, "create", "token", "robot", "-n", "default", "--duration=20m", "--audience",
                "https://kubernetes.default.svc.cluster.local");
        assertThat(ok.code()).as(ok.output()).isZero();
        String token = ok.output().strip();
        assertThat(get("/api/v1/namespaces/default/pods", token).statusCode()).isEqualTo(200);
        Result tooShort = kubectl(kubectl, "create", "token", "robot", "-n", "default", "--duration=5m");
        assertThat(tooShort.code()).isNotZero();
        assertThat(tooShort.output()).contains("may not specify a duration less than 10 minutes");
        Result missing = kubectl(kubectl, "create", "token", "ghost", "-n", "default");
        assertThat(missing.output()).contains("serviceaccounts \"ghost\" not found");
    }

    private record Result(int code, String output) {
    }

    private static Result kubectl(Path kubectl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", server.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 60s: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
