package io.kube4j.apiserver.watch;

import java.util.Map;

/**
 * One object as the watch cache holds it: serialised once (JSON with its resourceVersion), with the
 * labels and selectable fields that filters match, so lists and watch fan-out never re-encode.
 * Immutable; {@code json} is never mutated and may be shared by every response that sends it.
 *
 * @param key        the store key
 * @param namespace  the namespace, empty for cluster-scoped objects
 * @param name       the name
 * @param revision   the modification revision (= resourceVersion)
 * @param json       the object's JSON
 * @param labels     metadata.labels
 * @param fields     selectable fields, metadata.name and metadata.namespace included
 */
public record CachedObject(String key, String namespace, String name, long revision, byte[] json,
        Map<String, String> labels, Map<String, String> fields) {

    public CachedObject {
        labels = Map.copyOf(labels);
        fields = Map.copyOf(fields);
    }
}
