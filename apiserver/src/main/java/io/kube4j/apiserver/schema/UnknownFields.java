package io.kube4j.apiserver.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the fields of a request body that its type does not declare, for
 * {@code fieldValidation=Strict} (the Status message
 * {@code strict decoding error: unknown field "spec.foo", unknown field "spec.bar"}) and
 * {@code Warn} (one warning per field, {@code unknown field "spec.foo"}). The walk is over the JSON
 * tree against the {@link TypeModel}, not over fabric8's {@code additionalProperties}: it sees
 * every level, including list items ({@code spec.containers[0].foo}) and map values. Maps
 * (labels, annotations, data) and open objects are open; nothing in them is unknown.
 * Like upstream's decoder it reports at most 100 fields, each path once, in document order.
 * Stateless and thread-safe.
 */
public final class UnknownFields {

    /** Upstream's strict decoder stops collecting after this many errors. */
    static final int LIMIT = 100;

    private UnknownFields() {
    }

    /**
     * The paths of the unknown fields of {@code object}, read as a {@code type}, e.g.
     * {@code ["spec.foo", "spec.containers[0].imagePullPolicyy"]}. Empty when everything is known
     * or {@code object} is not a JSON object. IllegalArgumentException if {@code type} is not in the model.
     */
    public static List<String> find(TypeModel model, JsonNode object, Class<?> type) {
        Definition root = model.definitionOf(type);
        Set<String> found = new LinkedHashSet<>();
        walk(model, new TypeRef.Ref(root.name()), object, "", (parent, name, path) -> {
            if (found.size() < LIMIT) {
                found.add(path);
            }
            return found.size() < LIMIT;
        });
        return List.copyOf(found);
    }

    /**
     * Removes, in place, every field of {@code object} that {@code type} does not declare, at every
     * level: what upstream's decoder does to a built-in object before it is stored (unknown fields
     * never reach etcd, whatever {@code fieldValidation} says). IllegalArgumentException if
     * {@code type} is not in the model.
     */
    public static void prune(TypeModel model, JsonNode object, Class<?> type) {
        Definition root = model.definitionOf(type);
        walk(model, new TypeRef.Ref(root.name()), object, "", (parent, name, path) -> {
            parent.remove(name);
            return true;
        });
    }

    /** What to do with one unknown field; returns whether to go on walking. */
    private interface OnUnknown {
        boolean unknown(ObjectNode parent, String name, String path);
    }

    /** {@code "unknown field \"spec.foo\""}: one Warn header text, one part of the Strict message. */
    public static String describe(String path) {
        return "unknown field \"" + path + "\"";
    }

    /** The Strict-mode Status message for {@code paths} (non-empty). */
    public static String strictMessage(List<String> paths) {
        List<String> parts = new ArrayList<>(paths.size());
        for (String p : paths) {
            parts.add(describe(p));
        }
        return "strict decoding error: " + String.join(", ", parts);
    }

    private static boolean walk(TypeModel model, TypeRef type, JsonNode node, String path, OnUnknown onUnknown) {
        if (node == null) {
            return true;
        }
        switch (type) {
            case TypeRef.Ref ref -> {
                Definition d = model.definition(ref.name()).orElse(null);
                if (d != null && d.kind() == DefinitionKind.STRUCT && node instanceof ObjectNode object) {
                    return walkStruct(model, d, object, path, onUnknown);
                }
                return true;
            }
            case TypeRef.ArrayOf array -> {
                if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        if (!walk(model, array.items(), node.get(i), path + "[" + i + "]", onUnknown)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case TypeRef.MapOf map -> {
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        if (!walk(model, map.values(), e.getValue(), join(path, e.getKey()), onUnknown)) {
                            return false;
                        }
                    }
                }
                return true;
            }
            case TypeRef.Primitive p -> {
                return true; // scalars have no fields
            }
            case TypeRef.FreeForm f -> {
                return true; // anything goes
            }
        }
    }

    private static boolean walkStruct(TypeModel model, Definition d, ObjectNode node, String path, OnUnknown onUnknown) {
        // A copy of the names: pruning removes fields while we walk.
        for (String name : List.copyOf(node.propertyNames())) {
            String child = join(path, name);
            Property p = d.properties().get(name);
            boolean goOn = p == null
                    ? onUnknown.unknown(node, name, child)
                    : walk(model, p.type(), node.get(name), child, onUnknown);
            if (!goOn) {
                return false;
            }
        }
        return true;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
