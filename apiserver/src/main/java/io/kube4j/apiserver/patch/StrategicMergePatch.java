package io.kube4j.apiserver.patch;

import io.kube4j.apiserver.errors.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' strategic merge patch ({@code application/strategic-merge-patch+json}): a merge
 * patch that knows the built-in types, so that lists tagged {@code patchStrategy:"merge"} in
 * upstream's types merge by their {@code patchMergeKey} (or as a set of primitives) instead of
 * being replaced, and that understands the directives {@code $patch} (replace, merge, delete),
 * {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>}.
 * A {@code null} member deletes the key.
 *
 * <p>The JSON is walked alongside the fabric8 model type ({@link ModelSchema}); a list's merge rule
 * comes from {@link PatchMetadata} by its owner class and field name. Where the type is unknown
 * (an undeclared field, a custom resource) maps merge as in a JSON merge patch and lists are
 * replaced.
 *
 * <p>Errors as kube-apiserver classifies them: a patch that is not an object, or a directive of the
 * wrong format, is 400 BadRequest; a patch whose content does not match its {@code $retainKeys},
 * or a list of lists, is 422 Invalid; an element without its merge key or an unknown
 * {@code $patch} value is 500, as upstream answers them. Pure function: inputs are never
 * mutated; thread-safe.
 */
public final class StrategicMergePatch {

    private StrategicMergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}.
     *
     * @param modelType the fabric8 class of the object (e.g. {@code Deployment.class}); null for
     *                  an unknown type
     * @return a new document
     * @throws ApiException for a patch that is malformed or does not apply, as described above
     */
    public static JsonNode apply(JsonNode target, JsonNode patch, Class<?> modelType) {
        if (patch == null || !patch.isObject()) {
            throw PatchErrors.badRequest("invalid JSON document");
        }
        ObjectNode original = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        return SmpMerger.mergeMap(original, (ObjectNode) patch, ModelSchema.of(modelType));
    }
}
