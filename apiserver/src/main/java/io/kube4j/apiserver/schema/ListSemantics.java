package io.kube4j.apiserver.schema;

import java.util.List;

/**
 * How a list property merges: {@code x-kubernetes-list-type} (atomic, set or map) with its
 * {@code x-kubernetes-list-map-keys}, and the strategic-merge-patch pair
 * {@code x-kubernetes-patch-merge-key} / {@code x-kubernetes-patch-strategy}. Null members are
 * absent from the documents. Immutable.
 */
public record ListSemantics(String listType, List<String> mapKeys, String patchMergeKey, String patchStrategy) {

    public ListSemantics {
        mapKeys = mapKeys == null ? List.of() : List.copyOf(mapKeys);
    }

    /** A list replaced as a whole. */
    static ListSemantics atomic() {
        return new ListSemantics("atomic", List.of(), null, null);
    }

    /** A list keyed by {@code keys}, merged by its first key. */
    static ListSemantics map(String strategy, String... keys) {
        return new ListSemantics("map", List.of(keys), keys[0], strategy);
    }
}
