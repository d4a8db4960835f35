package io.kube4j.apiserver.fields;

import io.kube4j.apiserver.registry.FieldSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FieldSet} that also knows which field labels upstream accepts in a selector for its
 * kind (its registered field-label conversion), including the {@code metadata.*} ones, and the
 * old labels upstream renames. Implementations are stateless and thread-safe.
 */
public interface SelectableFields extends FieldSet {

    /** Every label a selector may name for this kind, {@code metadata.name} included. */
    Set<String> labels();

    /** Old labels upstream still accepts, to the label they mean ({@code spec.host}). */
    default Map<String, String> aliases() {
        return Map.of();
    }
}
