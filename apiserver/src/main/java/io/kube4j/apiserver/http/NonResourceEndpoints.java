package io.kube4j.apiserver.http;

import io.kube4j.apiserver.json.KubeJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * The paths that name no resource: {@code /version}, {@code /healthz}, {@code /livez},
 * {@code /readyz} (with per-check detail under {@code ?verbose} and {@code /readyz/CHECK}),
 * {@code /metrics}, and the OpenAPI documents when present. Thread-safe.
 */
public final class NonResourceEndpoints {

    private final ObjectNode version;
    private final Map<String, BooleanSupplier> liveChecks = new LinkedHashMap<>();
    private final Map<String, BooleanSupplier> readyChecks = new LinkedHashMap<>();
    private final ApiMetrics metrics;
    private volatile Function<String, byte[]> openApi = p -> null;
    private final Map<String, Document> documents = new java.util.concurrent.ConcurrentHashMap<>();

    /** A fixed document served at one path (GET), with its content type and Cache-Control. */
    private record Document(String contentType, String cacheControl, java.util.function.Supplier<byte[]> body) {
    }

    public NonResourceEndpoints(String gitVersion, int major, int minor, ApiMetrics metrics) {
        this.metrics = metrics;
        version = KubeJson.json().createObjectNode();
        version.put("major", Integer.toString(major));
        version.put("minor", Integer.toString(minor));
        version.put("emulationMajor", Integer.toString(major));
        version.put("emulationMinor", Integer.toString(minor));
        version.put("gitVersion", gitVersion);
        version.put("gitCommit", "");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "1970-01-01T00:00:00Z");
        version.put("goVersion", "java" + Runtime.version().feature());
        version.put("compiler", "javac");
        version.put("platform", "linux/amd64");
    }

    /** Adds a check to /livez (and /healthz) and /readyz. */
    public NonResourceEndpoints liveCheck(String name, BooleanSupplier check) {
        liveChecks.put(name, check);
        readyChecks.put(name, check);
        return this;
    }

    /** Adds a check to /readyz only. */
    public NonResourceEndpoints readyCheck(String name, BooleanSupplier check) {
        readyChecks.put(name, check);
        return this;
    }

    /** Serves OpenAPI documents: path (with query) to bytes, or null when unknown. */
    public void openApi(Function<String, byte[]> documents) {
        this.openApi = documents;
    }

    /**
     * Serves {@code body} at exactly {@code path} (e.g. the service-account issuer's OIDC
     * discovery documents); {@code cacheControl} may be null.
     */
    public NonResourceEndpoints document(String path, String contentType, String cacheControl,
            java.util.function.Supplier<byte[]> body) {
        documents.put(path, new Document(contentType, cacheControl, body));
        return this;
    }

    boolean handle(Request request, Response response, Callback callback, String path) {
        Document document = documents.get(path);
        if (document != null) {
            if (document.cacheControl() != null) {
                response.getHeaders().put(org.eclipse.jetty.http.HttpHeader.CACHE_CONTROL, document.cacheControl());
            }
            Responses.bytes(response, callback, 200, document.contentType(), document.body().get());
            return true;
        }
        if (path.equals("/version") || path.equals("/version/")) {
            Responses.object(response, callback, 200, MediaType.JSON, version);
            return true;
        }
        for (String root : new String[] {"/healthz", "/livez", "/readyz"}) {
            if (path.equals(root) || path.startsWith(root + "/")) {
                health(request, response, callback, path, root, root.equals("/readyz") ? readyChecks : liveChecks);
                return true;
            }
        }
        if (path.equals("/metrics")) {
            Responses.bytes(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
            return true;
        }
        if (path.startsWith("/openapi/")) {
            String query = request.getHttpURI().getQuery();
            byte[] doc = openApi.apply(query == null ? path : path + "?" + query);
            if (doc == null) {
                return false;
            }
            Responses.bytes(response, callback, 200, "application/json", doc);
            return true;
        }
        return false;
    }

    private static void health(Request request, Response response, Callback callback, String path, String root,
            Map<String, BooleanSupplier> checks) {
        String only = path.length() > root.length() + 1 ? path.substring(root.length() + 1) : null;
        StringBuilder detail = new StringBuilder();
        boolean ok = true;
        for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
            if (only != null && !only.equals(c.getKey())) {
                continue;
            }
            boolean pass = c.getValue().getAsBoolean();
            ok &= pass;
            detail.append(pass ? "[+]" : "[-]").append(c.getKey()).append(pass ? " ok\n" : " failed: reason withheld\n");
        }
        if (only != null && !checks.containsKey(only)) {
            Responses.bytes(response, callback, 404, "text/plain; charset=utf-8",
                    "404 page not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String query = request.getHttpURI().getQuery();
        boolean verbose = query != null && query.contains("verbose");
        String name = root.substring(1);
        String body = verbose || !ok
                ? detail + name + " check " + (ok ? "passed" : "failed") + "\n"
                : "ok";
        Responses.bytes(response, callback, ok ? 200 : 500, "text/plain; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8));
    }
}
