package io.kube4j.apiserver.patch;

import static io.kube4j.apiserver.patch.SmpDirectives.DELETE;
import static io.kube4j.apiserver.patch.SmpDirectives.DELETE_FROM_PRIMITIVE_LIST;
import static io.kube4j.apiserver.patch.SmpDirectives.MERGE;
import static io.kube4j.apiserver.patch.SmpDirectives.PATCH;
import static io.kube4j.apiserver.patch.SmpDirectives.REPLACE;
import static io.kube4j.apiserver.patch.SmpDirectives.RETAIN_KEYS;
import static io.kube4j.apiserver.patch.SmpDirectives.SET_ELEMENT_ORDER;

import io.kube4j.apiserver.patch.ModelSchema.Shape;
import io.kube4j.apiserver.patch.PatchMetadata.FieldRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strategic merge itself, on mutable copies: {@link #mergeMap} merges a patch map into an
 * original map that it owns (and may change), returning the result. Stateless; thread-safe.
 */
final class SmpMerger {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SmpMerger() {
    }

    static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, Shape shape) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            String d = directive.isString() ? directive.asString() : directive.toString();
            switch (d) {
                case REPLACE -> {
                    return (ObjectNode) SmpDirectives.clean(patch);
                }
                case DELETE -> {
                    return NODES.objectNode();
                }
                case MERGE -> {
                    // An explicit merge is the default behaviour.
                }
                default -> throw PatchErrors.internal("unknown patch type: " + d + " in map: " + patch);
            }
        }
        retainKeys(original, patch);
        Map<String, JsonNode> serverOrders = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            if (key.startsWith(SET_ELEMENT_ORDER)) {
                String list = key.substring(SET_ELEMENT_ORDER.length());
                if (!e.getValue().isArray()) {
                    throw PatchErrors.badRequest("invalid patch format of setElementOrder list");
                }
                JsonNode before = original.get(list);
                serverOrders.put(list, before != null && before.isArray() ? before.deepCopy() : NODES.arrayNode());
            } else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), e.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            if (SmpDirectives.isDirective(key)) {
                continue;
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                original.remove(key);
                continue;
            }
            original.set(key, mergeValue(original.get(key), value, ModelSchema.child(shape, key)));
        }
        for (Map.Entry<String, JsonNode> order : serverOrders.entrySet()) {
            String list = order.getKey();
            JsonNode merged = original.get(list);
            if (merged instanceof ArrayNode arr) {
                Shape child = ModelSchema.child(shape, list);
                String mergeKey = rule(child).map(FieldRule::mergeKey).orElse(null);
                original.set(list, ElementOrder.apply(arr, (ArrayNode) patch.get(SET_ELEMENT_ORDER + list),
                        (ArrayNode) order.getValue(), mergeKey));
            }
        }
        return original;
    }

    private static JsonNode mergeValue(JsonNode original, JsonNode patch, Shape shape) {
        boolean present = original != null && !original.isNull();
        if (patch.isObject()) {
            ObjectNode base = present && original.isObject() ? (ObjectNode) original : NODES.objectNode();
            return mergeMap(base, (ObjectNode) patch, shape);
        }
        if (patch.isArray()) {
            ArrayNode base = present && original.isArray() ? (ArrayNode) original : NODES.arrayNode();
            return mergeList(base, (ArrayNode) patch, shape);
        }
        return patch.deepCopy();
    }

    private static java.util.Optional<FieldRule> rule(Shape list) {
        return list instanceof Shape.ListOf l ? PatchMetadata.rule(l.owner(), l.field()) : java.util.Optional.empty();
    }

    private static JsonNode mergeList(ArrayNode original, ArrayNode patch, Shape shape) {
        FieldRule rule = rule(shape).orElse(null);
        if (rule == null || !rule.merge()) {
            return SmpDirectives.clean(patch);
        }
        for (JsonNode item : patch) {
            if (item.isArray()) {
                throw PatchErrors.notApplicableAs422("lists of lists are not supported");
            }
        }
        if (rule.mergeKey() == null) {
            return mergePrimitives(original, patch);
        }
        return mergeByKey(original, patch, rule.mergeKey(), ModelSchema.element(shape));
    }

    private static ArrayNode mergePrimitives(ArrayNode original, ArrayNode patch) {
        ArrayNode out = NODES.arrayNode();
        List<JsonNode> seen = new ArrayList<>();
        for (ArrayNode source : List.of(original, patch)) {
            for (JsonNode item : source) {
                if (seen.stream().noneMatch(s -> JsonValues.equal(s, item))) {
                    seen.add(item);
                    out.add(item.deepCopy());
                }
            }
        }
        return out;
    }

    private static ArrayNode mergeByKey(ArrayNode original, ArrayNode patch, String mergeKey, Shape element) {
        for (JsonNode item : patch) {
            if (item.isObject() && REPLACE.equals(text(item.get(PATCH)))) {
                return (ArrayNode) SmpDirectives.clean(patch);
            }
        }
        List<JsonNode> out = new ArrayList<>();
        original.forEach(out::add);
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                out.add(item.deepCopy());
                continue;
            }
            JsonNode key = item.get(mergeKey);
            String directive = text(item.get(PATCH));
            if (key == null) {
                throw PatchErrors.internal("map: " + item + " does not contain declared merge key: " + mergeKey);
            }
            int at = indexOf(out, mergeKey, key);
            if (DELETE.equals(directive)) {
                out.removeIf(o -> o.isObject() && JsonValues.equal(o.get(mergeKey), key));
                continue;
            }
            if (at >= 0) {
                out.set(at, mergeMap(((ObjectNode) out.get(at)), (ObjectNode) item, element));
            } else {
                out.add(mergeMap(NODES.objectNode(), (ObjectNode) item, element));
            }
        }
        ArrayNode result = NODES.arrayNode();
        out.forEach(result::add);
        return result;
    }

    private static int indexOf(List<JsonNode> items, String mergeKey, JsonNode key) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode o = items.get(i);
            if (o.isObject() && JsonValues.equal(o.get(mergeKey), key)) {
                return i;
            }
        }
        return -1;
    }

    private static void retainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        List<String> keys = SmpDirectives.strings(retain);
        if (keys == null) {
            throw PatchErrors.badRequest("invalid patch format of retainKeys");
        }
        Set<String> keep = new HashSet<>(keys);
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            // A null member clears a key, which is what retainKeys is for, so it need not be listed.
            if (!SmpDirectives.isDirective(e.getKey()) && !e.getValue().isNull() && !keep.contains(e.getKey())) {
                throw PatchErrors.notApplicableAs422("patch content doesn't match retainKeys list");
            }
        }
        original.propertyNames().stream().filter(k -> !keep.contains(k)).toList().forEach(original::remove);
    }

    private static void deleteFromPrimitiveList(ObjectNode original, String list, JsonNode values) {
        if (!values.isArray()) {
            throw PatchErrors.badRequest("invalid patch format of primitive list");
        }
        if (original.get(list) instanceof ArrayNode arr) {
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode item : arr) {
                boolean drop = false;
                for (JsonNode v : values) {
                    drop |= JsonValues.equal(item, v);
                }
                if (!drop) {
                    kept.add(item);
                }
            }
            original.set(list, kept);
        }
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() ? n.asString() : null;
    }
}
