package io.kube4j.apiserver.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.registry.ResourceStrategy;

/**
 * The strategy of each built-in resource, by group and kind. A kind without its own strategy
 * class gets {@link #GENERIC}, which accepts what the generic path accepts. Thread-safe.
 */
public final class BuiltinStrategies {

    /** No extra hooks. */
    public static final ResourceStrategy<HasMetadata> GENERIC = new ResourceStrategy<>() {
    };

    private BuiltinStrategies() {
    }

    /** The strategy for {@code kind} in {@code group} (empty for core). Never null. */
    public static ResourceStrategy<? extends HasMetadata> forKind(String group, String kind) {
        return switch (group + "/" + kind) {
            default -> GENERIC;
        };
    }
}
