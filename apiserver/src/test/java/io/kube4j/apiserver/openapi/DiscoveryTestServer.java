package io.kube4j.apiserver.openapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback HTTP server that answers what kubectl reads before explain and apply: version, legacy
 * discovery (built from the resource list), the OpenAPI documents, and for pods a 404 on GET and an
 * echo on POST (recording the query string, to see which validation kubectl chose). Test-only.
 */
final class DiscoveryTestServer implements AutoCloseable {

    private final HttpServer server;
    private final OpenApiDocuments docs;
    private final List<ResourceType> resources;
    final List<String> podCreateQueries = new CopyOnWriteArrayList<>();

    DiscoveryTestServer(OpenApiDocuments docs, List<ResourceType> resources) throws IOException {
        this.docs = docs;
        this.resources = resources;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/openapi/v2")) {
                send(ex, 200, docs.v2());
            } else if (path.equals("/openapi/v3")) {
                send(ex, 200, docs.v3Index());
            } else if (path.startsWith("/openapi/v3/")) {
                var doc = docs.v3(path.substring("/openapi/v3/".length()));
                if (doc.isPresent()) {
                    send(ex, 200, doc.get());
                } else {
                    notFound(ex);
                }
            } else if (path.equals("/version")) {
                send(ex, 200, json(Map.of("major", "1", "minor", "33", "gitVersion", "v1.33.0",
                        "platform", "linux/amd64", "goVersion", "go1.24.0", "compiler", "gc")));
            } else if (path.equals("/api")) {
                ObjectNode n = KubeJson.json().createObjectNode();
                n.put("kind", "APIVersions");
                n.putArray("versions").add("v1");
                ObjectNode cidr = n.putArray("serverAddressByClientCIDRs").addObject();
                cidr.put("clientCIDR", "0.0.0.0/0");
                cidr.put("serverAddress", url().substring("http://".length()));
                send(ex, 200, KubeJson.json().writeValueAsBytes(n));
            } else if (path.equals("/apis")) {
                send(ex, 200, KubeJson.json().writeValueAsBytes(groupList()));
            } else if (path.startsWith("/api/v1/namespaces/") && path.contains("/pods")) {
                if (method.equals("POST")) {
                    podCreateQueries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
                    send(ex, 201, ex.getRequestBody().readAllBytes());
                } else {
                    notFound(ex);
                }
            } else {
                ObjectNode list = resourceList(path);
                if (list != null) {
                    send(ex, 200, KubeJson.json().writeValueAsBytes(list));
                } else {
                    notFound(ex);
                }
            }
        }
    }

    private ObjectNode groupList() {
        Map<String, String> versions = new LinkedHashMap<>();
        resources.stream().filter(r -> !r.group().isEmpty()).forEach(r -> versions.putIfAbsent(r.group(), r.version()));
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        versions.forEach((group, version) -> {
            ObjectNode g = groups.addObject();
            g.put("name", group);
            ObjectNode gv = g.putArray("versions").addObject();
            gv.put("groupVersion", group + "/" + version);
            gv.put("version", version);
            ObjectNode preferred = g.putObject("preferredVersion");
            preferred.put("groupVersion", group + "/" + version);
            preferred.put("version", version);
        });
        return n;
    }

    private ObjectNode resourceList(String path) {
        List<ResourceType> matching = resources.stream().filter(r -> r.pathPrefix().equals(path)).toList();
        if (matching.isEmpty()) {
            return null;
        }
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", matching.getFirst().apiVersion());
        ArrayNode list = n.putArray("resources");
        for (ResourceType r : matching) {
            ObjectNode o = list.addObject();
            o.put("name", r.plural());
            o.put("singularName", r.singular());
            o.put("namespaced", r.namespaced());
            o.put("kind", r.kind());
            ArrayNode verbs = o.putArray("verbs");
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
                    .forEach(verbs::add);
            ArrayNode shorts = o.putArray("shortNames");
            r.shortNames().forEach(shorts::add);
            ArrayNode cats = o.putArray("categories");
            r.categories().forEach(cats::add);
            for (String sub : r.subresources()) {
                ObjectNode s = list.addObject();
                s.put("name", r.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", r.namespaced());
                s.put("kind", r.kind());
                s.putArray("verbs").add("get");
            }
        }
        return n;
    }

    private static byte[] json(Map<String, String> fields) {
        return KubeJson.json().writeValueAsBytes(fields);
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                + "\"code\":404,\"message\":\"not found\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }
}
