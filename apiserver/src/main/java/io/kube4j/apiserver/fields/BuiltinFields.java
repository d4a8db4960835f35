package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.registry.FieldSet;

/** Upstream's selectable fields for each built-in resource, by group and kind. Thread-safe. */
public final class BuiltinFields {

    private BuiltinFields() {
    }

    /** The extra fields of {@code kind} in {@code group}, or null when it has only metadata's. */
    public static FieldSet<? extends HasMetadata> forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            default -> null;
        };
    }
}
