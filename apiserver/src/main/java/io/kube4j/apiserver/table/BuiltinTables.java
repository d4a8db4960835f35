package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.registry.TableConvertor;

/** Upstream's table columns for each built-in resource, by group and kind. Thread-safe. */
public final class BuiltinTables {

    private BuiltinTables() {
    }

    /** The convertor for {@code kind} in {@code group}, or null for the default (name, age). */
    public static TableConvertor<? extends HasMetadata> forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            default -> null;
        };
    }
}
