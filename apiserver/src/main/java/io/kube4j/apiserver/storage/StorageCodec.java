package io.kube4j.apiserver.storage;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between stored bytes and API objects: what is stored has no {@code metadata.resourceVersion}
 * (the store's modification revision is the version, so it cannot be stale on disk); what is read
 * gets the revision written in. Stateless, thread-safe.
 */
public final class StorageCodec {

    private StorageCodec() {
    }

    /** The object stored as {@code stored}, with its resourceVersion set. A fresh tree. */
    public static ObjectNode decode(StoredObject stored) {
        return decode(stored.value(), stored.modRevision());
    }

    /** The object in {@code json}, with {@code resourceVersion} set. A fresh tree. */
    public static ObjectNode decode(byte[] json, long resourceVersion) {
        try {
            JsonNode node = KubeJson.json().readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new ApiException.InternalError("stored value is not a JSON object");
            }
            metadata(object).put("resourceVersion", Long.toString(resourceVersion));
            return object;
        } catch (JacksonException e) {
            throw new ApiException.InternalError("stored value is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The bytes to store for {@code object}: its JSON without resourceVersion. Does not mutate. */
    public static byte[] encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        metadata(copy).remove("resourceVersion");
        return KubeJson.json().writeValueAsBytes(copy);
    }

    /** {@code object.metadata}, created when missing. */
    public static ObjectNode metadata(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode m) {
            return m;
        }
        return object.putObject("metadata");
    }
}
