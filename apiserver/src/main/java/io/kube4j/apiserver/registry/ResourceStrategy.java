package io.kube4j.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.NameRule;
import java.util.List;

/**
 * What is particular to one resource when it is written, as upstream's {@code rest.RESTCreateStrategy}
 * and friends: how status and spec are kept apart, defaulting, validation. The generic write path
 * (metadata, uid, resourceVersion, generation, namespaces, preconditions, storage) is not here; it
 * calls these hooks in this order:
 *
 * <ul>
 *   <li>create: {@link #prepareForCreate}, {@link #applyDefaults}, {@link #validate};</li>
 *   <li>update: {@link #prepareForUpdate}, {@link #applyDefaults}, {@link #validateUpdate};</li>
 *   <li>status update: {@link #prepareForStatusUpdate}, {@link #validateStatusUpdate}.</li>
 * </ul>
 *
 * <p>Hooks mutate the object they are given (a private copy, never one held in a cache) and must
 * not touch {@code old}. Implementations are stateless and thread-safe. Validation returns every
 * error it finds (upstream reports them all at once), with field paths rooted at the object
 * ({@code metadata.name}, {@code spec.containers[0].image}); generic metadata checks (name format,
 * labels, annotations) are done by the caller, not here.
 *
 * @param <T> the fabric8 model class of the resource
 */
public interface ResourceStrategy<T extends HasMetadata> {

    /** Clears what a client may not set on create (usually {@code status}). */
    default void prepareForCreate(T object) {
    }

    /** Carries over from {@code old} what the main resource may not change (usually {@code status}). */
    default void prepareForUpdate(T object, T old) {
    }

    /** Fills in upstream's defaults for unset fields. Idempotent. */
    default void applyDefaults(T object) {
    }

    /** Validates a new object. */
    default List<FieldError> validate(T object) {
        return List.of();
    }

    /** Validates an update: the object's own rules plus what may not change from {@code old}. */
    default List<FieldError> validateUpdate(T object, T old) {
        return validate(object);
    }

    /**
     * For the {@code status} subresource: makes {@code object} carry {@code old}'s spec (and
     * whatever else a status writer may not change), keeping the new status.
     */
    default void prepareForStatusUpdate(T object, T old) {
    }

    /** Validates a status update. */
    default List<FieldError> validateStatusUpdate(T object, T old) {
        return List.of();
    }

    /** Whether a PUT of an object that does not exist creates it (upstream: true for a few types). */
    default boolean allowCreateOnUpdate() {
        return false;
    }

    /** The format {@code metadata.name} must have; the generic path checks it. */
    default NameRule nameRule() {
        return NameRule.DNS1123_SUBDOMAIN;
    }

    /** Whether a PUT without metadata.resourceVersion is accepted (last write wins). */
    default boolean allowUnconditionalUpdate() {
        return true;
    }
}
