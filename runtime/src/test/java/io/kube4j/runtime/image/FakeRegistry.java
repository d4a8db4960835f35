package io.kube4j.runtime.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kube4j.runtime.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Distribution API fake on loopback (JDK HttpServer) for the cases the real registry cannot
 * stage: Bearer-token and Basic auth, 404s, corrupt blobs, slow blobs, indexes. Serves manifests
 * and blobs put into it; counts requests per path. Public for the kubelet's pull-secret tests.
 */
public final class FakeRegistry implements AutoCloseable {

    public enum Auth { NONE, BEARER, BASIC }

    final Map<String, byte[]> manifests = new ConcurrentHashMap<>(); // "repo:ref" -> body
    final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>(); // digest -> body
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final AtomicInteger tokenRequests = new AtomicInteger();
    public volatile Auth auth = Auth.NONE;
    public volatile String user = "alice";
    public volatile String password = "secret";
    volatile long blobDelayMillis;
    volatile boolean lieAboutDigest;
    /** Blob GETs answer 307 to /storage/DIGEST on "localhost" (another authority than 127.0.0.1). */
    volatile boolean redirectBlobs;
    final AtomicInteger storageRequestsWithAuthorization = new AtomicInteger();
    final AtomicInteger storageRequests = new AtomicInteger();
    private final HttpServer server;

    public FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v2/", this::registry);
        server.createContext("/token", this::token);
        server.createContext("/storage/", this::storage);
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves an image under repo:tag (and by digest). */
    public void put(String repo, String tag, TestImages.Image image) {
        putManifest(repo, tag, image.manifest(), MediaTypes.OCI_MANIFEST);
        blobs.put(image.id(), image.config());
        for (byte[] layer : image.layers()) {
            blobs.put(Digests.of(layer), layer);
        }
    }

    void putManifest(String repo, String tag, byte[] body, String mediaType) {
        String digest = Digests.of(body);
        manifests.put(repo + ":" + tag, body);
        manifests.put(repo + ":" + digest, body);
        manifestTypes.put(digest, mediaType);
    }

    int hits(String pathSuffix) {
        return hits.entrySet().stream().filter(e -> e.getKey().endsWith(pathSuffix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String given = ex.getRequestHeaders().getFirst("Authorization");
        if (given != null && !given.equals(expected)) {
            send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}", null);
            return;
        }
        String query = ex.getRequestURI().getQuery();
        if (query == null || !query.contains("scope=repository")) {
            send(ex, 400, "no scope", null);
            return;
        }
        send(ex, 200, "{\"token\":\"" + (given == null ? "anon" : "good") + "\"}", null);
    }

    private void registry(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        String authz = ex.getRequestHeaders().getFirst("Authorization");
        switch (auth) {
            case BEARER -> {
                if (!"Bearer good".equals(authz)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + address()
                            + "/token\",service=\"fake\",scope=\"repository:" + repoOf(path) + ":pull\"");
                    send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", null);
                    return;
                }
            }
            case BASIC -> {
                String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (!expected.equals(authz)) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake\"");
                    send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", null);
                    return;
                }
            }
            case NONE -> { }
        }
        if (path.equals("/v2/")) {
            send(ex, 200, "{}", null);
            return;
        }
        int m = path.indexOf("/manifests/");
        if (m > 0) {
            String key = path.substring(4, m) + ":" + path.substring(m + "/manifests/".length());
            byte[] body = manifests.get(key);
            if (body == null) {
                send(ex, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}", null);
                return;
            }
            String digest = Digests.of(body);
            ex.getResponseHeaders().add("Content-Type", manifestTypes.get(digest));
            ex.getResponseHeaders().add("Docker-Content-Digest", lieAboutDigest ? Digests.of(new byte[1]) : digest);
            send(ex, 200, null, body);
            return;
        }
        int b = path.indexOf("/blobs/");
        if (b > 0) {
            byte[] body = blobs.get(path.substring(b + "/blobs/".length()));
            if (body == null) {
                send(ex, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}", null);
                return;
            }
            if (redirectBlobs) {
                ex.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort()
                        + "/storage/" + path.substring(b + "/blobs/".length()));
                send(ex, 307, "", null);
                return;
            }
            if (blobDelayMillis > 0) {
                try {
                    Thread.sleep(blobDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(ex, 200, null, body);
            return;
        }
        send(ex, 404, "not found", null);
    }

    private void storage(HttpExchange ex) throws IOException {
        storageRequests.incrementAndGet();
        if (ex.getRequestHeaders().containsKey("Authorization")) {
            storageRequestsWithAuthorization.incrementAndGet();
        }
        byte[] body = blobs.get(ex.getRequestURI().getPath().substring("/storage/".length()));
        if (body == null) {
            send(ex, 404, "no such blob", null);
            return;
        }
        send(ex, 200, null, body);
    }

    private static String repoOf(String path) {
        String rest = path.substring(4);
        int i = rest.indexOf("/manifests/");
        if (i < 0) {
            i = rest.indexOf("/blobs/");
        }
        return i < 0 ? rest : rest.substring(0, i);
    }

    private static void send(HttpExchange ex, int status, String text, byte[] bytes) throws IOException {
        byte[] body = bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
