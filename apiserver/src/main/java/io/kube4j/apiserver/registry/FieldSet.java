package io.kube4j.apiserver.registry;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one resource that a field selector may name, with their values for one object, as
 * upstream's {@code GetAttrs}/{@code ToSelectableFields}: {@code spec.nodeName} and
 * {@code status.phase} for pods, {@code involvedObject.kind} for events. {@code metadata.name} and
 * {@code metadata.namespace} are added by the caller for every resource; implementations return
 * only the extra fields. A missing value is the empty string (a missing bool {@code false}, a
 * missing number {@code 0}), as upstream's Go zero values. Values are read from the object's JSON
 * tree, not a typed model: the watch cache computes them for every event. Stateless, thread-safe.
 */
@FunctionalInterface
public interface FieldSet {

    /** Field path to value, for the extra fields this resource supports. */
    Map<String, String> fields(JsonNode object);
}
