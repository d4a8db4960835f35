package io.kube4j.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/**
 * The fields of one resource that a field selector may name, with their values for one object, as
 * upstream's {@code GetAttrs}/{@code ToSelectableFields}: {@code spec.nodeName} and
 * {@code status.phase} for pods, {@code involvedObject.kind} for events. {@code metadata.name} and
 * {@code metadata.namespace} are added by the caller for every resource; implementations return
 * only the extra fields. A missing value is the empty string, as upstream. Stateless, thread-safe.
 *
 * @param <T> the fabric8 model class of the resource
 */
@FunctionalInterface
public interface FieldSet<T extends HasMetadata> {

    /** Field path to value, for the extra fields this resource supports. */
    Map<String, String> fields(T object);
}
