package io.kube4j.apiserver.watch;

import io.kube4j.apiserver.conversion.StorageForm;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.registry.FieldSet;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.storage.StorageCodec;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@link CachedObject}s for one resource: decodes the stored bytes once, writes in the
 * resourceVersion, serialises once, and extracts labels and selectable fields. Thread-safe.
 */
public final class CachedObjects {

    private final ResourceType type;
    private final StorageForm form;

    public CachedObjects(ResourceType type) {
        this.type = type;
        this.form = StorageForm.of(type);
    }

    /** The cached form of the object stored at {@code key} as {@code stored}, at {@code revision}. */
    public CachedObject of(String key, byte[] stored, long revision) {
        ObjectNode object = form.fromStorage(StorageCodec.decode(stored, revision));
        return of(key, object, revision);
    }

    /** The cached form of {@code object} (its resourceVersion already set to {@code revision}). */
    public CachedObject of(String key, ObjectNode object, long revision) {
        JsonNode meta = object.path("metadata");
        String name = meta.path("name").asString("");
        String namespace = meta.path("namespace").asString("");
        Map<String, String> labels = new HashMap<>();
        meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        Map<String, String> fields = new HashMap<>();
        fields.put("metadata.name", name);
        if (type.namespaced()) {
            fields.put("metadata.namespace", namespace);
        }
        FieldSet extra = type.fields();
        if (extra != null) {
            fields.putAll(extra.fields(object));
        }
        byte[] json = KubeJson.json().writeValueAsBytes(object);
        return new CachedObject(key, namespace, name, revision, json, labels, fields);
    }
}
