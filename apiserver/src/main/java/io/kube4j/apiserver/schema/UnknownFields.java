package io.kube4j.apiserver.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

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
        walk(model, new TypeRef.Ref(root.name()), object, "", found);
        return List.copyOf(found);
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

    private static void walk(TypeModel model, TypeRef type, JsonNode node, String path, Set<String> found) {
        if (node == null || found.size() >= LIMIT) {
            return;
        }
        switch (type) {
            case TypeRef.Ref ref -> {
                Definition d = model.definition(ref.name()).orElse(null);
                if (d != null && d.kind() == DefinitionKind.STRUCT && node.isObject()) {
                    walkStruct(model, d, node, path, found);
                }
            }
            case TypeRef.ArrayOf array -> {
                if (node.isArray()) {
                    for (int i = 0; i < node.size(); i++) {
                        walk(model, array.items(), node.get(i), path + "[" + i + "]", found);
                    }
                }
            }
            case TypeRef.MapOf map -> {
                if (node.isObject()) {
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        walk(model, map.values(), e.getValue(), join(path, e.getKey()), found);
                    }
                }
            }
            case TypeRef.Primitive p -> {
                // scalars have no fields
            }
            case TypeRef.FreeForm f -> {
                // anything goes
            }
        }
    }

    private static void walkStruct(TypeModel model, Definition d, JsonNode node, String path, Set<String> found) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String child = join(path, e.getKey());
            Property p = d.properties().get(e.getKey());
            if (p == null) {
                if (found.size() < LIMIT) {
                    found.add(child);
                }
            } else {
                walk(model, p.type(), e.getValue(), child, found);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
