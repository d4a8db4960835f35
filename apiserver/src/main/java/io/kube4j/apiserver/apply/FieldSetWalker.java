package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.patch.ModelSchema.Shape;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The set of fields an object sets, as upstream computes it: every scalar, atomic list, atomic
 * struct and empty object is a member leaf; set elements ({@code v:}) and list-map elements
 * ({@code k:}) are members, the latter with their own fields below; entries of a free-keyed map
 * ({@code labels}) are members. With {@code markMaps}, a non-empty free-keyed map is itself a
 * member too, which is how an update that creates a map records it ({@code ".": {}}).
 * Stateless; thread-safe.
 */
final class FieldSetWalker {

    private FieldSetWalker() {
    }

    static ManagedSet of(JsonNode obj, Shape shape, boolean markMaps) {
        Set<FieldPath> out = new TreeSet<>();
        if (obj != null && obj.isObject()) {
            walkObject(obj, shape, FieldPath.ROOT, out, markMaps);
        }
        return new ManagedSet(out);
    }

    private static void walk(JsonNode node, Shape shape, FieldPath at, Set<FieldPath> out, boolean markMaps) {
        if (node.isObject()) {
            if (node.isEmpty() || ApplySchema.atomicObject(shape)) {
                out.add(at);
                return;
            }
            if (markMaps && ApplySchema.isMap(shape)) {
                out.add(at);
            }
            walkObject(node, shape, at, out, markMaps);
        } else if (node.isArray()) {
            walkList(node, shape, at, out, markMaps);
        } else {
            out.add(at);
        }
    }

    private static void walkObject(JsonNode node, Shape shape, FieldPath at, Set<FieldPath> out, boolean markMaps) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isNull()) {
                continue;
            }
            FieldPath child = at.field(e.getKey());
            walk(e.getValue(), ApplySchema.child(shape, e.getKey()), child, out, markMaps);
            if (ApplySchema.isMap(shape)) {
                out.add(child);
            }
        }
    }

    private static void walkList(JsonNode list, Shape shape, FieldPath at, Set<FieldPath> out, boolean markMaps) {
        if (ApplySchema.listType(shape) == io.kube4j.apiserver.patch.PatchMetadata.ListType.ATOMIC) {
            out.add(at);
            return;
        }
        Shape element = io.kube4j.apiserver.patch.ModelSchema.element(shape);
        for (JsonNode item : list) {
            FieldPath p = at.child(ApplySchema.elementKey(shape, item, at));
            out.add(p);
            if (item.isObject() && ApplySchema.listType(shape) == io.kube4j.apiserver.patch.PatchMetadata.ListType.MAP) {
                walkObject(item, element, p, out, markMaps);
            }
        }
    }
}
