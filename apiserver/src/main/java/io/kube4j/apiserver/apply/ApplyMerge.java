package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.patch.JsonValues;
import io.kube4j.apiserver.patch.ModelSchema;
import io.kube4j.apiserver.patch.ModelSchema.Shape;
import io.kube4j.apiserver.patch.PatchMetadata.ListType;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration into the live object by the schema: struct and map members
 * merge recursively, list-maps merge element by element on their keys (live order kept, new
 * elements appended), sets take the union, and atomic lists, atomic structs and scalars take the
 * applied value. Nulls in the applied configuration are ignored. Stateless; thread-safe; mutates
 * only the live copy it is given.
 */
final class ApplyMerge {

    private ApplyMerge() {
    }

    /** Merges {@code applied} into {@code live} (which it changes) and returns it. */
    static ObjectNode mergeObject(ObjectNode live, JsonNode applied, Shape shape, FieldPath at) {
        for (Map.Entry<String, JsonNode> e : applied.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            String key = e.getKey();
            live.set(key, merge(live.get(key), value, ModelSchema.child(shape, key), at.field(key)));
        }
        return live;
    }

    private static JsonNode merge(JsonNode live, JsonNode applied, Shape shape, FieldPath at) {
        if (applied.isObject() && live != null && live.isObject() && !ApplySchema.atomicObject(shape)) {
            return mergeObject((ObjectNode) live, applied, shape, at);
        }
        if (applied.isArray() && live != null && live.isArray()) {
            ListType type = ApplySchema.listType(shape);
            if (type == ListType.SET) {
                ArrayNode out = ((ArrayNode) live).deepCopy();
                for (JsonNode item : applied) {
                    boolean present = false;
                    for (JsonNode have : out) {
                        present |= JsonValues.equal(have, item);
                    }
                    if (!present) {
                        out.add(item.deepCopy());
                    }
                }
                return out;
            }
            if (type == ListType.MAP) {
                return mergeListMap((ArrayNode) live, (ArrayNode) applied, shape, at);
            }
        }
        return withoutNulls(applied);
    }

    private static ArrayNode mergeListMap(ArrayNode live, ArrayNode applied, Shape shape, FieldPath at) {
        ArrayNode out = live.deepCopy();
        Shape element = ModelSchema.element(shape);
        for (JsonNode item : applied) {
            String key = ApplySchema.elementKey(shape, item, at);
            int found = -1;
            for (int i = 0; i < out.size(); i++) {
                if (ApplySchema.matches(key, out.get(i), i, shape)) {
                    found = i;
                    break;
                }
            }
            if (found >= 0 && out.get(found).isObject() && item.isObject()) {
                out.set(found, mergeObject((ObjectNode) out.get(found), item, element, at.child(key)));
            } else {
                out.add(withoutNulls(item));
            }
        }
        return out;
    }

    /** A copy without null object members, at any depth. */
    static JsonNode withoutNulls(JsonNode n) {
        if (n instanceof ObjectNode o) {
            ObjectNode out = o.objectNode();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            }
            return out;
        }
        if (n instanceof ArrayNode a) {
            ArrayNode out = a.arrayNode();
            a.forEach(i -> out.add(withoutNulls(i)));
            return out;
        }
        return n.deepCopy();
    }
}
