package io.kube4j.apiserver.patch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code $setElementOrder/<list>} directive: after merging, the elements the directive names
 * are put in its order, and the elements only the server had keep their place relative to them,
 * judged by the list's order on the server before the patch. This is upstream's rule: two sorted
 * runs (named elements by directive order, server-only elements by server order) interleaved by
 * server position where both elements had one, named element first otherwise.
 * Stateless; thread-safe.
 */
final class ElementOrder {

    private ElementOrder() {
    }

    /**
     * @param merged      the merged list
     * @param order       the directive's list (objects carrying the merge key, or primitives)
     * @param serverOrder the list on the server before the patch
     * @param mergeKey    the list's merge key; null for a primitive list
     */
    static ArrayNode apply(ArrayNode merged, ArrayNode order, ArrayNode serverOrder, String mergeKey) {
        List<JsonNode> named = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (index(order, item, mergeKey) >= 0 ? named : serverOnly).add(item);
        }
        named.sort(Comparator.comparingInt(item -> index(order, item, mergeKey)));
        serverOnly.sort(Comparator.comparingInt(item -> index(serverOrder, item, mergeKey)));
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int i = 0;
        int j = 0;
        while (i < named.size() || j < serverOnly.size()) {
            if (i >= named.size()) {
                out.add(serverOnly.get(j++));
            } else if (j >= serverOnly.size()) {
                out.add(named.get(i++));
            } else {
                int li = index(serverOrder, named.get(i), mergeKey);
                int ri = index(serverOrder, serverOnly.get(j), mergeKey);
                if (li >= 0 && ri >= 0 && ri < li) {
                    out.add(serverOnly.get(j++));
                } else {
                    out.add(named.get(i++));
                }
            }
        }
        return out;
    }

    private static int index(ArrayNode list, JsonNode item, String mergeKey) {
        JsonNode key = mergeKey == null ? item : item.get(mergeKey);
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = mergeKey == null ? list.get(i) : list.get(i).get(mergeKey);
            if (key != null && JsonValues.equal(candidate, key)) {
                return i;
            }
        }
        return -1;
    }
}
