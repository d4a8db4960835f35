package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.patch.JsonValues;
import io.kube4j.apiserver.patch.ModelSchema;
import io.kube4j.apiserver.patch.ModelSchema.Shape;
import io.kube4j.apiserver.patch.PatchMetadata;
import io.kube4j.apiserver.patch.PatchMetadata.FieldRule;
import io.kube4j.apiserver.patch.PatchMetadata.ListType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What server-side apply needs from the type information: whether a value is one atomic field,
 * a list's type and list-map keys (from {@link PatchMetadata}; a list without a rule is atomic, as
 * upstream treats untagged lists), and the {@code k:}/{@code v:} path element that names a list
 * element. Stateless; thread-safe.
 */
final class ApplySchema {

    private ApplySchema() {
    }

    static Shape child(Shape shape, String name) {
        return ModelSchema.child(shape, name);
    }

    /** Whether an object value of this shape is owned whole. */
    static boolean atomicObject(Shape shape) {
        return shape instanceof Shape.Struct s && PatchMetadata.atomicStruct(s.type());
    }

    /** Whether members of an object of this shape are map entries (owned individually) rather than struct fields. */
    static boolean isMap(Shape shape) {
        return shape instanceof Shape.MapOf;
    }

    static ListType listType(Shape shape) {
        return rule(shape).listType();
    }

    static FieldRule rule(Shape shape) {
        if (shape instanceof Shape.ListOf l) {
            return PatchMetadata.rule(l.owner(), l.field())
                    .orElse(new FieldRule(false, false, null, ListType.ATOMIC, List.of()));
        }
        return new FieldRule(false, false, null, ListType.ATOMIC, List.of());
    }

    /** The path element naming {@code item} in a list of this shape, or null for an atomic list. */
    static String elementKey(Shape list, JsonNode item, FieldPath at) {
        FieldRule r = rule(list);
        return switch (r.listType()) {
            case ATOMIC -> null;
            case SET -> "v:" + KubeJson.json().writeValueAsString(item);
            case MAP -> "k:" + KubeJson.json().writeValueAsString(keyOf(r.mapKeys(), item, at));
        };
    }

    /** The key fields of a list-map element, sorted by name, with upstream's defaults filled in. */
    static ObjectNode keyOf(List<String> keys, JsonNode item, FieldPath at) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        for (String k : keys) {
            JsonNode v = item.isObject() ? item.get(k) : null;
            if (v == null || v.isNull()) {
                String dflt = PatchMetadata.KEY_DEFAULTS.get(k);
                if (dflt == null) {
                    throw new ApiException.BadRequest(at + ": associative list with keys has an element that omits key field \""
                            + k + "\" (and doesn't have default value)");
                }
                v = JsonNodeFactory.instance.stringNode(dflt);
            }
            sorted.put(k, v);
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        sorted.forEach(o::set);
        return o;
    }

    /** Whether a list element matches a {@code k:}/{@code v:}/{@code i:} path element. */
    static boolean matches(String element, JsonNode item, int index, Shape list) {
        String body = element.substring(2);
        return switch (element.charAt(0)) {
            case 'i' -> Integer.toString(index).equals(body);
            case 'v' -> JsonValues.equal(item, KubeJson.json().readTree(body));
            case 'k' -> {
                JsonNode want = KubeJson.json().readTree(body);
                List<String> keys = rule(list).mapKeys();
                if (!item.isObject()) {
                    yield false;
                }
                for (Map.Entry<String, JsonNode> k : want.properties()) {
                    JsonNode have = item.get(k.getKey());
                    if (have == null || have.isNull()) {
                        String dflt = PatchMetadata.KEY_DEFAULTS.get(k.getKey());
                        have = dflt == null ? null : JsonNodeFactory.instance.stringNode(dflt);
                    }
                    if (!JsonValues.equal(have, k.getValue())) {
                        yield false;
                    }
                }
                yield !keys.isEmpty() || !want.isEmpty();
            }
            default -> false;
        };
    }
}
