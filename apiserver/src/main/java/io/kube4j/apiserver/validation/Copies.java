package io.kube4j.apiserver.validation;

import io.kube4j.apiserver.json.KubeJson;

/**
 * Deep copies of model objects through their JSON form, so that a hook can take a part of
 * {@code old} (its spec, its status) without the new object sharing mutable state with it.
 * Meant for model objects (beans with their own class); generic collections lose their element
 * types this way, so copy those element by element. Thread-safe.
 */
public final class Copies {

    private Copies() {
    }

    /** A deep copy of {@code value}, or null. */
    @SuppressWarnings("unchecked")
    public static <T> T deep(T value) {
        if (value == null) {
            return null;
        }
        var json = KubeJson.json();
        return (T) json.readValue(json.writeValueAsBytes(value), value.getClass());
    }
}
