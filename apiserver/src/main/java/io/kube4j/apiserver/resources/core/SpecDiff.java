package io.kube4j.apiserver.resources.core;

import io.kube4j.apiserver.json.KubeJson;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A short account of which top-level fields of two specs differ, for the detail of a "may not
 * change" error (upstream prints a full structural diff; this names the fields and their values).
 * Stateless, thread-safe.
 */
final class SpecDiff {

    private SpecDiff() {
    }

    @SuppressWarnings("unchecked")
    static String describe(Object before, Object after) {
        var json = KubeJson.json();
        Map<String, Object> a = before == null ? Map.of() : json.convertValue(before, Map.class);
        Map<String, Object> b = after == null ? Map.of() : json.convertValue(after, Map.class);
        StringBuilder s = new StringBuilder();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                s.append("  ").append(k).append(": ")
                        .append(json.writeValueAsString(a.get(k))).append(" -> ")
                        .append(json.writeValueAsString(b.get(k))).append('\n');
            }
        }
        return s.toString();
    }
}
