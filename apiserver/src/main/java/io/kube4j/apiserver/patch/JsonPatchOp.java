package io.kube4j.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One decoded JSON patch operation and how it changes a document held under the key {@code ""} of
 * a holder object (so the root is addressed like any other member). Failures are reported as
 * upstream's patch library words them, wrapped in a 422 by {@link PatchErrors#notApplicable}.
 *
 * @param kind  the {@code op} member, or {@code unknown} when absent or not a string
 * @param path  the {@code path} member, or null
 * @param from  the {@code from} member, or null
 * @param value the {@code value} member, or null when absent (a JSON null is a NullNode)
 */
record JsonPatchOp(String kind, String path, String from, JsonNode value) {

    static JsonPatchOp of(ObjectNode op) {
        JsonNode k = op.get("op");
        JsonNode p = op.get("path");
        JsonNode f = op.get("from");
        return new JsonPatchOp(k != null && k.isString() ? k.asString() : "unknown",
                p != null && p.isString() ? p.asString() : null,
                f != null && f.isString() ? f.asString() : null, op.get("value"));
    }

    void applyTo(ObjectNode holder) {
        switch (kind) {
            case "add" -> add(holder, requirePath(), requireValue().deepCopy());
            case "remove" -> remove(holder, requirePath(), "remove");
            case "replace" -> replace(holder);
            case "move" -> move(holder);
            case "copy" -> copy(holder);
            case "test" -> test(holder);
            default -> throw PatchErrors.notApplicable("Unexpected kind: " + kind);
        }
    }

    private String requirePath() {
        if (path == null) {
            throw PatchErrors.notApplicable("operation missing path field: missing value");
        }
        return path;
    }

    private String requireFrom() {
        if (from == null) {
            throw PatchErrors.notApplicable("operation, missing from field: missing value");
        }
        return from;
    }

    private JsonNode requireValue() {
        if (value == null) {
            throw PatchErrors.notApplicable("operation, missing value field: missing value");
        }
        return value;
    }

    private void replace(ObjectNode holder) {
        String p = requirePath();
        JsonNode v = requireValue().deepCopy();
        Parent parent = Parent.find(holder, p);
        if (parent == null) {
            throw PatchErrors.notApplicable("replace operation does not apply: doc is missing path: " + p + ": missing value");
        }
        if (parent.get() == null) {
            throw PatchErrors.notApplicable("replace operation does not apply: doc is missing key: " + p + ": missing value");
        }
        parent.set(v);
    }

    private void move(ObjectNode holder) {
        String f = requireFrom();
        String p = requirePath();
        Parent source = Parent.find(holder, f);
        if (source == null || source.get() == null) {
            throw PatchErrors.notApplicable("move operation does not apply: doc is missing from path: " + f + ": missing value");
        }
        JsonNode v = source.get();
        source.remove();
        Parent dest = Parent.find(holder, p);
        if (dest == null) {
            throw PatchErrors.notApplicable("move operation does not apply: doc is missing destination path: " + p + ": missing value");
        }
        dest.add(v, "move", p);
    }

    private void copy(ObjectNode holder) {
        String f = requireFrom();
        String p = requirePath();
        Parent source = Parent.find(holder, f);
        if (source == null || source.get() == null) {
            throw PatchErrors.notApplicable("copy operation does not apply: doc is missing from path: " + f + ": missing value");
        }
        JsonNode v = source.get().deepCopy();
        Parent dest = Parent.find(holder, p);
        if (dest == null) {
            throw PatchErrors.notApplicable("copy operation does not apply: doc is missing destination path: " + p + ": missing value");
        }
        dest.add(v, "copy", p);
    }

    private void test(ObjectNode holder) {
        String p = requirePath();
        Parent parent = Parent.find(holder, p);
        if (parent == null) {
            throw PatchErrors.notApplicable("test operation does not apply: is missing path: " + p + ": missing value");
        }
        JsonNode actual = parent.get();
        // A missing member tests equal to null, as upstream's library treats it.
        if (!JsonValues.equal(actual, value)) {
            throw PatchErrors.notApplicable("testing value " + p + " failed: test failed");
        }
    }

    private static void add(ObjectNode holder, String p, JsonNode v) {
        Parent parent = Parent.find(holder, p);
        if (parent == null) {
            throw PatchErrors.notApplicable("add operation does not apply: doc is missing path: \"" + p + "\": missing value");
        }
        parent.add(v, "add", p);
    }

    private static void remove(ObjectNode holder, String p, String verb) {
        Parent parent = Parent.find(holder, p);
        if (parent == null) {
            throw PatchErrors.notApplicable(verb + " operation does not apply: doc is missing path: \"" + p + "\": missing value");
        }
        if (parent.get() == null) {
            throw PatchErrors.notApplicable("error in remove for path: '" + p + "': Unable to remove nonexistent key: "
                    + parent.key + ": missing value");
        }
        parent.remove();
    }

    /** The container of the value a pointer names, and the last token of the pointer. */
    private record Parent(JsonNode container, String key) {

        /** Resolves all but the last token of {@code pointer}; null when that container does not exist. */
        static Parent find(ObjectNode holder, String pointer) {
            if (pointer.isEmpty()) {
                return new Parent(holder, "");
            }
            if (!pointer.startsWith("/")) {
                return null;
            }
            List<String> tokens = tokens(pointer);
            JsonNode node = holder.get("");
            for (int i = 0; i < tokens.size() - 1; i++) {
                node = child(node, tokens.get(i));
                if (node == null || !(node.isObject() || node.isArray())) {
                    return null;
                }
            }
            if (!(node.isObject() || node.isArray())) {
                return null;
            }
            return new Parent(node, tokens.getLast());
        }

        JsonNode get() {
            return child(container, key);
        }

        void set(JsonNode v) {
            if (container instanceof ObjectNode o) {
                o.set(key, v);
            } else {
                ((ArrayNode) container).set(index(key, container.size() - 1, "replace"), v);
            }
        }

        void remove() {
            if (container instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) container).remove(index(key, container.size() - 1, "remove"));
            }
        }

        void add(JsonNode v, String verb, String p) {
            if (container instanceof ObjectNode o) {
                o.set(key, v);
                return;
            }
            ArrayNode a = (ArrayNode) container;
            if (key.equals("-")) {
                a.add(v);
                return;
            }
            int i;
            try {
                i = index(key, a.size(), verb);
            } catch (RuntimeException e) {
                throw PatchErrors.notApplicable("error in " + verb + " for path: '" + p + "': " + e.getMessage());
            }
            a.insert(i, v);
        }

        private static int index(String key, int max, String verb) {
            int i;
            try {
                i = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw PatchErrors.notApplicable("value was not a proper array index: '" + key + "'");
            }
            int size = max + (verb.equals("add") ? 0 : 1);
            if (i < 0) {
                // Upstream's library counts negative indices back from the end.
                if (-i > size) {
                    throw PatchErrors.notApplicable("Unable to access invalid index: " + i + ": invalid index referenced");
                }
                i += size;
            }
            if (i > max) {
                throw PatchErrors.notApplicable("Unable to access invalid index: " + i + ": invalid index referenced");
            }
            return i;
        }
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node instanceof ObjectNode o) {
            return o.get(token);
        }
        if (node instanceof ArrayNode a) {
            if (token.isEmpty() || !token.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
                return null;
            }
            try {
                int i = Integer.parseInt(token);
                if (i < 0) {
                    i += a.size();
                }
                return i >= 0 && i < a.size() ? a.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** RFC 6901 tokens: split on {@code /}, then {@code ~1} to {@code /} and {@code ~0} to {@code ~}. */
    static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }
}
