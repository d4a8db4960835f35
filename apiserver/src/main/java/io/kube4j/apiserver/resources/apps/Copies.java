package io.kube4j.apiserver.resources.apps;

import io.kube4j.apiserver.json.KubeJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Deep copies and semantic comparison of model objects through their JSON form, so that an
 * unset field and an empty one compare equal (as upstream's {@code apiequality.Semantic}
 * treats nil and empty). Stateless; thread-safe.
 */
public final class Copies {

    private Copies() {
    }

    /** A deep copy of {@code value} (null for null). */
    @SuppressWarnings("unchecked")
    public static <T> T deepCopy(T value) {
        if (value == null) {
            return null;
        }
        return (T) KubeJson.json().convertValue(value, value.getClass());
    }

    /** Whether the two values have the same JSON form; null, absent and empty are alike. */
    public static boolean semanticEqual(Object a, Object b) {
        return tree(a).equals(tree(b));
    }

    private static JsonNode tree(Object value) {
        if (value == null) {
            return KubeJson.json().nullNode();
        }
        JsonNode node = KubeJson.json().valueToTree(value);
        return node.isContainer() && node.isEmpty() ? KubeJson.json().nullNode() : node;
    }

    /**
     * The value rendered as upstream's field errors render a non-scalar bad value: its JSON,
     * with map keys sorted as Go's encoder sorts them.
     */
    public static Object shown(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String json = KubeJson.json().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .writeValueAsString(value);
        return new Rendered(json);
    }

    /** A bad value already rendered; printed as is, without quotes. */
    public record Rendered(String text) {
        @Override
        public String toString() {
            return text;
        }
    }
}
