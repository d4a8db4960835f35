package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.apiserver.json.KubeJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * Raw HTTP calls against a test apiserver, and assertions on upstream's {@code Status} bodies.
 * Every request has a bounded timeout. Thread-safe (the JDK client is).
 */
record RawApi(HttpClient client, URI base) {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** An HTTP exchange's code, headers and body. */
    HttpResponse<String> send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, null, headers);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return send("POST", path, "application/json", bytes(json), headers);
    }

    HttpResponse<String> put(String path, String json, String... headers) {
        return send("PUT", path, "application/json", bytes(json), headers);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    HttpResponse<String> delete(String path, String deleteOptionsJson) {
        return send("DELETE", path, "application/json", bytes(deleteOptionsJson));
    }

    HttpResponse<String> patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, bytes(body));
    }

    /** Creates and asserts 201; returns the stored object. */
    JsonNode create(String collectionPath, String json) {
        HttpResponse<String> r = post(collectionPath, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    /** GETs and asserts 200; returns the body. */
    JsonNode read(String path) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** The names in a list at {@code path}. */
    java.util.List<String> names(String path) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode item : read(path).path("items")) {
            out.add(item.path("metadata").path("name").asString());
        }
        return out;
    }

    static JsonNode json(HttpResponse<String> r) {
        return KubeJson.json().readTree(r.body());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts a failure {@code Status} as upstream sends it and returns it for further checks. */
    static JsonNode assertStatus(HttpResponse<String> r, int code, String reason, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode s = json(r);
        assertThat(s.path("kind").asString()).isEqualTo("Status");
        assertThat(s.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(s.path("status").asString()).isEqualTo("Failure");
        assertThat(s.path("code").asInt()).isEqualTo(code);
        assertThat(s.path("reason").asString()).as(r.body()).isEqualTo(reason);
        if (message != null) {
            assertThat(s.path("message").asString()).isEqualTo(message);
        }
        return s;
    }

    /** A ConfigMap's JSON with {@code extraMetadata} spliced into its metadata (may be empty). */
    static String configMap(String name, String extraMetadata) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\""
                + (extraMetadata.isEmpty() ? "" : "," + extraMetadata) + "},\"data\":{\"k\":\"v\"}}";
    }

    static String namespace(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    }

    static String pod(String name, String labels, String nodeName) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{" + labels
                + "}},\"spec\":{" + (nodeName == null ? "" : "\"nodeName\":\"" + nodeName + "\",")
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
    }

    static String deployment(String name, int replicas) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"replicas\":" + replicas + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}";
    }
}
