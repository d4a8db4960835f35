package io.kube4j.apiserver.openapi;

import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.schema.Definition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the Swagger 2.0 document: every path of every resource and every definition. Query
 * parameters are inline on each operation (upstream shares some through {@code #/parameters};
 * kubectl's checker accepts both). Stateless and thread-safe.
 */
final class V2Writer {

    private static final SchemaRenderer SCHEMAS = new SchemaRenderer(Flavor.V2);

    private V2Writer() {
    }

    static ObjectNode document(String version, List<PathItem> items, Collection<Definition> definitions) {
        ObjectNode doc = KubeJson.json().createObjectNode();
        doc.put("swagger", "2.0");
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
        ObjectNode defs = doc.putObject("definitions");
        for (Definition d : definitions) {
            defs.set(d.name(), SCHEMAS.definition(d));
        }
        ObjectNode bearer = doc.putObject("securityDefinitions").putObject("BearerToken");
        bearer.put("description", "Bearer token authentication");
        bearer.put("type", "apiKey");
        bearer.put("name", "authorization");
        bearer.put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    private static ObjectNode operation(Operation op) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("description", op.description());
        if (op.body() != null) {
            ArrayNode consumes = o.putArray("consumes");
            op.consumes().forEach(consumes::add);
        }
        ArrayNode produces = o.putArray("produces");
        op.produces().forEach(produces::add);
        o.putArray("schemes").add("https");
        o.putArray("tags").add(op.tag());
        o.put("operationId", op.operationId());
        ArrayNode params = o.putArray("parameters");
        if (op.body() != null) {
            ObjectNode body = params.addObject();
            body.put("name", "body");
            body.put("in", "body");
            body.put("required", true);
            body.set("schema", SCHEMAS.ref(op.body()));
        }
        op.parameters().forEach(x -> params.add(parameter(x)));
        ObjectNode responses = o.putObject("responses");
        for (Map.Entry<String, String> r : op.responses().entrySet()) {
            ObjectNode resp = responses.putObject(r.getKey());
            resp.put("description", V3Writer.describe(r.getKey()));
            if (r.getValue() != null) {
                resp.set("schema", r.getValue().isEmpty()
                        ? KubeJson.json().createObjectNode().put("type", "string") : SCHEMAS.ref(r.getValue()));
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
        n.put("uniqueItems", true);
        n.put("type", p.type());
        n.put("description", p.description());
        n.put("name", p.name());
        n.put("in", p.in());
        if (p.required()) {
            n.put("required", true);
        }
        return n;
    }
}
