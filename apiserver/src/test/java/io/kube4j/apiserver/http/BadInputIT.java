package io.kube4j.apiserver.http;

import static io.kube4j.apiserver.http.RawApi.assertStatus;
import static io.kube4j.apiserver.http.RawApi.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Requests the apiserver must refuse, over raw HTTPS: each answers upstream's code and
 * {@code Status}, and none changes what is stored (the namespace's list, resourceVersion
 * included, reads the same before and after).
 */
@RawApiPerClass.Namespaces(BadInputIT.NS)
class BadInputIT extends RawApiPerClass {

    static final String NS = "bad-input";
    private static final String CMS = "/api/v1/namespaces/" + NS + "/configmaps";

    @BeforeAll
    static void seed() throws Exception {
        api.create(CMS, configMap("existing", ""));
    }

    /** One refused request: what is sent and the Status expected back. */
    record Refused(String name, String method, String path, String contentType, byte[] body, List<String> headers,
            int code, String reason, String messagePrefix, String causeField, String causeReason) {

        static Refused of(String name, String method, String path, String contentType, String body, int code,
                String reason, String messagePrefix) {
            return new Refused(name, method, path, contentType, body == null ? null : RawApi.bytes(body), List.of(),
                    code, reason, messagePrefix, null, null);
        }

        Refused headers(String... h) {
            return new Refused(name, method, path, contentType, body, List.of(h), code, reason, messagePrefix,
                    causeField, causeReason);
        }

        Refused cause(String field, String why) {
            return new Refused(name, method, path, contentType, body, headers, code, reason, messagePrefix, field, why);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> refused() {
        String json = "application/json";
        byte[] oversized = new byte[3 * 1024 * 1024 + 100];
        Arrays.fill(oversized, (byte) ' ');
        byte[] big = RawApi.bytes(configMap("big", "").replace("\"v\"", "\"v\"      "));
        System.arraycopy(big, 0, oversized, 0, big.length);
        return Stream.of(
                Refused.of("malformed JSON", "POST", CMS, json, "{\"apiVersion\":\"v1\",", 400, "BadRequest", ""),
                Refused.of("malformed YAML", "POST", CMS, "application/yaml", "apiVersion: v1\nkind: [ConfigMap\n",
                        400, "BadRequest", ""),
                Refused.of("malformed protobuf", "POST", CMS, "application/vnd.kubernetes.protobuf",
                        "k8s\u0000\u00ff\u00ff\u00ffgarbage", 400, "BadRequest", ""),
                Refused.of("JSON array body", "POST", CMS, json, "[1,2]", 400, "BadRequest", ""),
                Refused.of("wrong kind", "POST", CMS, json,
                        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}", 400, "BadRequest",
                        "Secret in version \"v1\" cannot be handled as a ConfigMap"),
                Refused.of("wrong apiVersion", "POST", CMS, json,
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"s\"}}", 400,
                        "BadRequest", "the API version in the data (apps/v1) does not match the expected API version (v1)"),
                Refused.of("namespace in body differs on create", "POST", CMS, json,
                        configMap("other-ns", "\"namespace\":\"default\""), 400, "BadRequest",
                        "the namespace of the provided object does not match the namespace sent on the request"),
                Refused.of("name in body differs on update", "PUT", CMS + "/existing", json, configMap("renamed", ""),
                        400, "BadRequest", "the name of the object (renamed) does not match the name on the URL (existing)"),
                Refused.of("namespace in body differs on update", "PUT", CMS + "/existing", json,
                        configMap("existing", "\"namespace\":\"default\""), 400, "BadRequest",
                        "the namespace of the provided object does not match the namespace sent on the request"),
                Refused.of("unknown field, Strict", "POST", CMS + "?fieldValidation=Strict", json,
                        configMap("strict", "").replace("\"data\"", "\"bogus\":1,\"data\""), 400, "BadRequest",
                        "strict decoding error: unknown field \"bogus\""),
                Refused.of("unknown nested field, Strict", "POST", CMS + "?fieldValidation=Strict", json,
                        configMap("strict", "\"bogusMeta\":\"x\""), 400, "BadRequest",
                        "strict decoding error: unknown field \"metadata.bogusMeta\""),
                Refused.of("invalid fieldValidation", "POST", CMS + "?fieldValidation=Loud", json,
                        configMap("loud", ""), 400, "BadRequest", ""),
                new Refused("body over 3 MiB", "POST", CMS, json, oversized, List.of(), 413, "RequestEntityTooLarge",
                        "Request entity too large: limit is 3145728", null, null),
                Refused.of("unsupported content type", "POST", CMS, "text/plain", configMap("plain", ""), 415,
                        "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types "
                                + "include: application/json, application/yaml, application/vnd.kubernetes.protobuf"),
                Refused.of("unproducible Accept", "GET", CMS, null, null, 406, "NotAcceptable",
                        "only the following media types are accepted: ").headers("Accept", "text/html"),
                Refused.of("unproducible Accept on create", "POST", CMS, json, configMap("html", ""), 406,
                        "NotAcceptable", "only the following media types are accepted: ").headers("Accept", "image/png"),
                Refused.of("Table as protobuf", "GET", CMS, null, null, 406, "NotAcceptable",
                        "only the following media types are accepted: ")
                        .headers("Accept", "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io"),
                Refused.of("Table of another group", "GET", CMS + "/existing", null, null, 406, "NotAcceptable",
                        "only the following media types are accepted: ")
                        .headers("Accept", "application/json;as=Table;v=v1;g=example.com"),
                Refused.of("Table without group and version", "GET", CMS, null, null, 406, "NotAcceptable",
                        "only the following media types are accepted: ").headers("Accept", "application/json;as=Table"),
                Refused.of("invalid name", "POST", CMS, json, configMap("Bad_Name", ""), 422, "Invalid",
                        "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
                                + "RFC 1123 subdomain must consist of lower case alphanumeric characters")
                        .cause("metadata.name", "FieldValueInvalid"),
                Refused.of("invalid label key", "POST", CMS, json, configMap("lk", "\"labels\":{\"bad key!\":\"v\"}"),
                        422, "Invalid", "ConfigMap \"lk\" is invalid: metadata.labels: Invalid value: \"bad key!\"")
                        .cause("metadata.labels", "FieldValueInvalid"),
                Refused.of("invalid label value", "POST", CMS, json, configMap("lv", "\"labels\":{\"k\":\"bad value!\"}"),
                        422, "Invalid", "ConfigMap \"lv\" is invalid: metadata.labels: Invalid value: \"bad value!\"")
                        .cause("metadata.labels", "FieldValueInvalid"),
                Refused.of("invalid annotation key", "POST", CMS, json,
                        configMap("ak", "\"annotations\":{\"-bad/x\":\"v\"}"), 422, "Invalid",
                        "ConfigMap \"ak\" is invalid: metadata.annotations: Invalid value: \"-bad/x\"")
                        .cause("metadata.annotations", "FieldValueInvalid"),
                Refused.of("delete on namespaces collection", "DELETE", "/api/v1/namespaces", null, null, 405,
                        "MethodNotAllowed", "the server does not allow this method on the requested resource"),
                Refused.of("unknown verb", "FROB", CMS, null, null, 405, "MethodNotAllowed",
                        "the server does not allow this method on the requested resource"),
                Refused.of("POST to a named object", "POST", CMS + "/existing", json, configMap("existing", ""), 405,
                        "MethodNotAllowed", "the server does not allow this method on the requested resource"),
                Refused.of("unknown resource", "GET", "/api/v1/namespaces/" + NS + "/frobs", null, null, 404,
                        "NotFound", "the server could not find the requested resource"),
                Refused.of("unknown group", "GET", "/apis/frob.example.com/v1/things", null, null, 404, "NotFound",
                        "the server could not find the requested resource"),
                Refused.of("already exists", "POST", CMS, json, configMap("existing", ""), 409, "AlreadyExists",
                        "configmaps \"existing\" already exists"),
                Refused.of("create in a missing namespace", "POST", "/api/v1/namespaces/nowhere/configmaps", json,
                        configMap("x", ""), 404, "NotFound", "namespaces \"nowhere\" not found"),
                Refused.of("resourceVersion on create", "POST", CMS, json, configMap("rv", "\"resourceVersion\":\"5\""),
                        500, "InternalError", "Internal error occurred: resourceVersion should not be set on objects to be created"),
                Refused.of("bad dryRun", "POST", CMS + "?dryRun=Some", json, configMap("dry", ""), 400, "BadRequest", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesAndLeavesTheStoreUnchanged(Refused c) throws Exception {
        JsonNode before = api.read(CMS);
        HttpResponse<String> r = api.send(c.method(), c.path(), c.contentType(), c.body(),
                c.headers().toArray(String[]::new));
        JsonNode status = assertStatus(r, c.code(), c.reason(), null);
        assertThat(status.path("message").asString()).startsWith(c.messagePrefix()).isNotBlank();
        if (c.causeField() != null) {
            assertThat(status.path("details").path("causes")).anySatisfy(cause -> {
                assertThat(cause.path("field").asString()).isEqualTo(c.causeField());
                assertThat(cause.path("reason").asString()).isEqualTo(c.causeReason());
            });
        }
        JsonNode after = api.read(CMS);
        assertThat(after.path("metadata").path("resourceVersion").asString())
                .isEqualTo(before.path("metadata").path("resourceVersion").asString());
        assertThat(after.path("items")).isEqualTo(before.path("items"));
    }

    @Test
    void invalidNameReportsDetailsOfTheKind() {
        JsonNode s = assertStatus(api.post(CMS, configMap("Bad_Name", "")), 422, "Invalid", null);
        assertThat(s.path("details").path("name").asString()).isEqualTo("Bad_Name");
        assertThat(s.path("details").path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(s.path("details").has("group")).isFalse();
        JsonNode dep = assertStatus(api.post("/apis/apps/v1/namespaces/" + NS + "/deployments",
                RawApi.deployment("Bad_Dep", 1)), 422, "Invalid", null);
        assertThat(dep.path("message").asString()).startsWith("Deployment.apps \"Bad_Dep\" is invalid: ");
        assertThat(dep.path("details").path("group").asString()).isEqualTo("apps");
        assertThat(dep.path("details").path("kind").asString()).isEqualTo("Deployment");
    }

    @Test
    void unknownFieldsWarnByDefault() {
        String body = configMap("warned", "").replace("\"data\"", "\"bogus\":1,\"data\"");
        HttpResponse<String> r = api.post(CMS + "?fieldValidation=Warn", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"bogus\\\"\"");
        assertThat(RawApi.json(r).has("bogus")).isFalse();
        HttpResponse<String> dflt = api.post(CMS, body.replace("warned", "warned-default"));
        assertThat(dflt.statusCode()).isEqualTo(201);
        assertThat(dflt.headers().allValues("Warning")).hasSize(1);
        HttpResponse<String> ignored = api.post(CMS + "?fieldValidation=Ignore", body.replace("warned", "ignored"));
        assertThat(ignored.statusCode()).isEqualTo(201);
        assertThat(ignored.headers().allValues("Warning")).isEmpty();
    }

    @Test
    void missingObjectIsNotFoundWithDetails() {
        JsonNode s = assertStatus(api.get(CMS + "/nope"), 404, "NotFound", "configmaps \"nope\" not found");
        assertThat(s.path("details").path("name").asString()).isEqualTo("nope");
        assertThat(s.path("details").path("kind").asString()).isEqualTo("configmaps");
        JsonNode d = assertStatus(api.get("/apis/apps/v1/namespaces/" + NS + "/deployments/nope"), 404, "NotFound",
                "deployments.apps \"nope\" not found");
        assertThat(d.path("details").path("group").asString()).isEqualTo("apps");
        assertThat(d.path("details").path("kind").asString()).isEqualTo("deployments");
        assertStatus(api.delete(CMS + "/nope"), 404, "NotFound", "configmaps \"nope\" not found");
    }

    @Test
    void alreadyExistsNamesTheObject() {
        JsonNode s = assertStatus(api.post(CMS, configMap("existing", "")), 409, "AlreadyExists",
                "configmaps \"existing\" already exists");
        assertThat(s.path("details").path("name").asString()).isEqualTo("existing");
        assertThat(s.path("details").path("kind").asString()).isEqualTo("configmaps");
    }

    @Test
    void staleResourceVersionIsAConflict() {
        JsonNode created = api.create(CMS, configMap("x", ""));
        String staleRv = created.path("metadata").path("resourceVersion").asString();
        HttpResponse<String> first = api.put(CMS + "/x", configMap("x", "\"resourceVersion\":\"" + staleRv + "\"")
                .replace("\"v\"", "\"v2\""));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode s = assertStatus(api.put(CMS + "/x", configMap("x", "\"resourceVersion\":\"" + staleRv + "\"")
                .replace("\"v\"", "\"v3\"")), 409, "Conflict",
                "Operation cannot be fulfilled on configmaps \"x\": the object has been modified; please apply your "
                        + "changes to the latest version and try again");
        assertThat(s.path("details").path("name").asString()).isEqualTo("x");
        assertThat(s.path("details").path("kind").asString()).isEqualTo("configmaps");
        assertThat(api.read(CMS + "/x").path("data").path("k").asString()).isEqualTo("v2");
    }

    @Test
    void unauthenticatedRequestsAreRefusedButHealthAndVersionAreOpen() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(caOnly()).connectTimeout(Duration.ofSeconds(10)).build();
        RawApi anon = new RawApi(anonymous, server.url());
        assertStatus(anon.get(CMS), 401, "Unauthorized", "Unauthorized");
        assertStatus(anon.post(CMS, configMap("anon", "")), 401, "Unauthorized", "Unauthorized");
        HttpResponse<String> health = anon.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        HttpResponse<String> version = anon.get("/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(RawApi.json(version).path("major").asString()).isNotEmpty();
        assertThat(api.names(CMS)).doesNotContain("anon");
    }

    /** An SSL context that trusts the cluster CA (from the admin kubeconfig) and presents no certificate. */
    private static javax.net.ssl.SSLContext caOnly() throws Exception {
        String kubeconfig = java.nio.file.Files.readString(server.kubeconfig());
        JsonNode cfg = io.kube4j.apiserver.json.KubeJson.yaml().readTree(kubeconfig);
        String caB64 = cfg.path("clusters").get(0).path("cluster").path("certificate-authority-data").asString();
        var ca = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(caB64)));
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
