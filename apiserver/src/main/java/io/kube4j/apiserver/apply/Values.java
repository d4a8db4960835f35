package io.kube4j.apiserver.apply;

import io.kube4j.apiserver.patch.ModelSchema;
import io.kube4j.apiserver.patch.ModelSchema.Shape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finding and removing the value a {@link FieldPath} names in a JSON object, with the shape that
 * tells list elements apart. Stateless; thread-safe (mutates only the tree it is given).
 */
final class Values {

    private Values() {
    }

    /** The value at {@code path}, or null when there is none. */
    static JsonNode get(JsonNode root, Shape shape, FieldPath path) {
        JsonNode node = root;
        Shape s = shape;
        for (String e : path.elements()) {
            if (node == null) {
                return null;
            }
            if (e.startsWith("f:")) {
                String name = e.substring(2);
                node = node.isObject() ? node.get(name) : null;
                s = ModelSchema.child(s, name);
            } else {
                node = node.isArray() ? find((ArrayNode) node, e, s) : null;
                s = ModelSchema.element(s);
            }
        }
        return node == null || node.isNull() ? null : node;
    }

    private static JsonNode find(ArrayNode list, String element, Shape shape) {
        for (int i = 0; i < list.size(); i++) {
            if (ApplySchema.matches(element, list.get(i), i, shape)) {
                return list.get(i);
            }
        }
        return null;
    }

    /** Removes the value at {@code path} from {@code root} if it is there. */
    static void remove(JsonNode root, Shape shape, FieldPath path) {
        if (path.isRoot()) {
            return;
        }
        FieldPath parentPath = path.parent();
        JsonNode parent = get(root, shape, parentPath);
        Shape parentShape = shapeAt(shape, parentPath);
        String last = path.elements().getLast();
        if (last.startsWith("f:") && parent instanceof ObjectNode o) {
            o.remove(last.substring(2));
        } else if (parent instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (ApplySchema.matches(last, a.get(i), i, parentShape)) {
                    a.remove(i);
                }
            }
        }
    }

    /** The shape of the value at {@code path}. */
    static Shape shapeAt(Shape shape, FieldPath path) {
        Shape s = shape;
        for (String e : path.elements()) {
            s = e.startsWith("f:") ? ModelSchema.child(s, e.substring(2)) : ModelSchema.element(s);
        }
        return s;
    }

    /** Whether the value is an empty object or list. */
    static boolean emptyContainer(JsonNode n) {
        return n != null && (n.isObject() || n.isArray()) && n.isEmpty();
    }
}
