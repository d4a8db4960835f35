package io.kube4j.apiserver.http;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.registry.TableConvertor;
import io.kube4j.apiserver.rest.TypedObjects;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side {@code meta.k8s.io/v1 Table} output: the resource's columns (or upstream's default
 * Name and Created At), one row per object, each row carrying the object as
 * PartialObjectMetadata ({@code includeObject=Metadata}, the default), whole ({@code Object}) or
 * not at all ({@code None}). Stateless.
 */
final class TableBodies {

    private TableBodies() {
    }

    static ObjectNode table(ResourceType type, List<ObjectNode> objects, String resourceVersion, String continueToken,
            String includeObject, Instant now) {
        String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
        if (!List.of("None", "Metadata", "Object").contains(include)) {
            throw new ApiException.BadRequest("includeObject: Unsupported value: \"" + include
                    + "\": supported values: \"Metadata\", \"None\", \"Object\"");
        }
        ObjectNode table = KubeJson.json().createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        TableConvertor<HasMetadata> convertor = type.typedTable();
        ArrayNode columns = table.putArray("columnDefinitions");
        if (convertor == null) {
            columns.addObject().put("name", "Name").put("type", "string").put("format", "name")
                    .put("description", "Name must be unique within a namespace.").put("priority", 0);
            columns.addObject().put("name", "Created At").put("type", "date").put("format", "")
                    .put("description", "CreationTimestamp is a timestamp representing the server time when this "
                            + "object was created.").put("priority", 0);
        } else {
            for (TableConvertor.Column c : convertor.columns()) {
                columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                        .put("description", c.description()).put("priority", c.priority());
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            if (convertor == null) {
                cells.add(o.path("metadata").path("name").asString(""));
                cells.add(o.path("metadata").path("creationTimestamp").asString(""));
            } else {
                HasMetadata typed = TypedObjects.typed(type, o);
                for (Object cell : convertor.cells(typed, now)) {
                    cells.add(KubeJson.json().<JsonNode>valueToTree(cell));
                }
            }
            switch (include) {
                case "Object" -> row.set("object", o);
                case "Metadata" -> {
                    ObjectNode partial = row.putObject("object");
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", o.path("metadata"));
                }
                default -> { }
            }
        }
        return table;
    }
}
