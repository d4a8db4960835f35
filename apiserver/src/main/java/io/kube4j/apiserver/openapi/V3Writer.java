package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.schema.Definition;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one OpenAPI 3.0 document (one group-version's paths and the schemas they reach). Every
 * parameter is inline, not a {@code $ref}: kubectl's query-parameter check reads the names of a
 * PATCH operation's parameters directly. Stateless and thread-safe.
 */
final class V3Writer {

    private static final SchemaRenderer SCHEMAS = new SchemaRenderer(Flavor.V3);

    private V3Writer() {
    }

    static ObjectNode document(String version, List<PathItem> items, List<Definition> definitions) {
        ObjectNode doc = KubeJson.json().createObjectNode();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", version);
        ObjectNode paths = doc.putObject("paths");
        for (PathItem item : items) {
            ObjectNode p = paths.putObject(item.path());
            for (Operation op : item.operations()) {
                p.set(op.method(), operation(op));
            }
            if (!item.parameters().isEmpty()) {
                ArrayNode params = p.putArray("parameters");
                item.parameters().forEach(x -> params.add(parameter(x)));
            }
        }
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        for (Definition d : definitions) {
            schemas.set(d.name(), SCHEMAS.definition(d));
        }
        ObjectNode bearer = components.putObject("securitySchemes").putObject("BearerToken");
        bearer.put("type", "apiKey");
        bearer.put("description", "Bearer token authentication");
        bearer.put("name", "authorization");
        bearer.put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.putArray("tags").add(op.tag());
        o.put("description", op.description());
        o.put("operationId", op.operationId());
        if (!op.parameters().isEmpty()) {
            ArrayNode params = o.putArray("parameters");
            op.parameters().forEach(x -> params.add(parameter(x)));
        }
        if (op.body() != null) {
            ObjectNode body = o.putObject("requestBody");
            ObjectNode content = body.putObject("content");
            for (String type : op.consumes()) {
                content.putObject(type).set("schema", SCHEMAS.ref(op.body()));
            }
            body.put("required", true);
        }
        ObjectNode responses = o.putObject("responses");
        for (Map.Entry<String, String> r : op.responses().entrySet()) {
            ObjectNode resp = responses.putObject(r.getKey());
            resp.put("description", describe(r.getKey()));
            if (r.getValue() != null) {
                ObjectNode content = resp.putObject("content");
                for (String type : op.produces()) {
                    ObjectNode schema = r.getValue().isEmpty()
                            ? KubeJson.json().createObjectNode().put("type", "string") : SCHEMAS.ref(r.getValue());
                    content.putObject(type).set("schema", schema);
                }
            }
        }
        if (op.action() != null) {
            o.put("x-kubernetes-action", op.action());
        }
        if (op.gvk() != null) {
            o.set("x-kubernetes-group-version-kind", SchemaRenderer.gvk(op.gvk()));
        }
        return o;
    }

    private static ObjectNode parameter(Parameter p) {
        ObjectNode n = KubeJson.json().createObjectNode();
        n.put("name", p.name());
        n.put("in", p.in());
        n.put("description", p.description());
        if (p.required()) {
            n.put("required", true);
        }
        ObjectNode schema = n.putObject("schema");
        schema.put("type", p.type());
        schema.put("uniqueItems", true);
        return n;
    }

    static String describe(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            case "401" -> "Unauthorized";
            default -> code;
        };
    }
}
