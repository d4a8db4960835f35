package io.kube4j.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strategic merge patch directive keys and the cleaning of a patch value that is taken whole
 * (a replaced list, a {@code $patch: replace} map): directives and nulls do not belong in the
 * result. Stateless; thread-safe.
 */
final class SmpDirectives {

    static final String PATCH = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder/";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    static final String REPLACE = "replace";
    static final String MERGE = "merge";
    static final String DELETE = "delete";

    private SmpDirectives() {
    }

    /** Whether a map key is a directive rather than data. */
    static boolean isDirective(String key) {
        return key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)
                || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    }

    /** A copy of {@code value} without directives, directive-only list elements, or null members. */
    static JsonNode clean(JsonNode value) {
        if (value instanceof ObjectNode o) {
            ObjectNode out = o.objectNode();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (!isDirective(e.getKey()) && !e.getValue().isNull()) {
                    out.set(e.getKey(), clean(e.getValue()));
                }
            }
            return out;
        }
        if (value instanceof ArrayNode a) {
            ArrayNode out = a.arrayNode();
            for (JsonNode item : a) {
                if (!(item.isObject() && item.has(PATCH))) {
                    out.add(clean(item));
                }
            }
            return out;
        }
        return value.deepCopy();
    }

    /** The strings of a directive's list value; null when it is not a list of strings. */
    static List<String> strings(JsonNode list) {
        if (list == null || !list.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isString()) {
                return null;
            }
            out.add(item.asString());
        }
        return out;
    }
}
