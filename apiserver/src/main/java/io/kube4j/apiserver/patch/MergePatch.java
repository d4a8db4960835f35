package io.kube4j.apiserver.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}): objects merge member by
 * member, a {@code null} member deletes, anything else (arrays included) replaces. A patch that is
 * not an object replaces the whole target, as the RFC says; deciding whether that is a valid object
 * is the caller's decoder's job, as it is upstream's.
 *
 * <p>Pure function: the inputs are never mutated; thread-safe.
 */
public final class MergePatch {

    private MergePatch() {
    }

    /** Applies {@code patch} to {@code target} (which may be null: merging into nothing). */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), apply(out.get(e.getKey()), value));
            }
        }
        return out;
    }
}
