package io.kube4j.apiserver;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.NamespaceLifecycle;
import io.kube4j.apiserver.storage.ObjectStorage;
import io.kube4j.apiserver.storage.StorageCodec;
import io.kube4j.apiserver.storage.StoredObject;
import io.kube4j.apiserver.watch.CachedObject;
import io.kube4j.apiserver.watch.ResourceCache;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Upstream's NamespaceLifecycle admission for creates: the namespace must exist and must not be
 * terminating. Looks in the namespace cache first and, when the namespace is not there yet (it
 * may have been created a moment ago), reads the store. Thread-safe.
 */
final class NamespaceGate implements NamespaceLifecycle {

    private final ResourceCache cache;
    private final ObjectStorage storage;
    private final ResourceType type;

    NamespaceGate(ResourceCache cache, ObjectStorage storage, ResourceType type) {
        this.cache = cache;
        this.storage = storage;
        this.type = type;
    }

    @Override
    public void checkCreate(String namespace) {
        String key = type.key(null, namespace);
        Optional<CachedObject> cached = cache.get(key);
        JsonNode ns;
        if (cached.isPresent()) {
            ns = StorageCodec.decode(cached.get().json(), cached.get().revision());
        } else {
            Optional<StoredObject> stored = storage.get(key);
            if (stored.isEmpty()) {
                throw new ApiException.NotFound("namespaces", "", namespace);
            }
            ns = StorageCodec.decode(stored.get());
        }
        if (ns.path("metadata").has("deletionTimestamp") || "Terminating".equals(ns.path("status").path("phase").asString(""))) {
            throw new ApiException.Forbidden("unable to create new content in namespace " + namespace
                    + " because it is being terminated");
        }
    }
}
