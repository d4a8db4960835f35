package io.kube4j.apiserver.rest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.ResourceType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between JSON trees (what the generic path handles) and fabric8 model objects (what strategies
 * handle). A body that does not fit the model (a string where a number belongs) is a 400 worded as
 * upstream's decoder error. Stateless, thread-safe.
 */
public final class TypedObjects {

    private TypedObjects() {
    }

    /** {@code node} as the resource's model class. */
    public static HasMetadata typed(ResourceType type, ObjectNode node) {
        try {
            return KubeJson.json().treeToValue(node, type.javaType());
        } catch (JacksonException e) {
            throw new ApiException.BadRequest(type.kind() + " in version \"" + type.version()
                    + "\" cannot be handled as a " + type.kind() + ": " + e.getOriginalMessage());
        }
    }

    /** {@code object} as a JSON tree. */
    public static ObjectNode tree(HasMetadata object) {
        return KubeJson.json().valueToTree(object);
    }
}
