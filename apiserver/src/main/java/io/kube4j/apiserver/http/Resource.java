package io.kube4j.apiserver.http;

import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.rest.ResourceStore;
import io.kube4j.apiserver.storage.ObjectStorage;
import io.kube4j.apiserver.watch.ResourceCache;

/** One served resource with its write path and its watch cache. Immutable. */
public record Resource(ResourceType type, ResourceStore store, ResourceCache cache, ObjectStorage storage) {

    /** The store's current revision (a linearizable read), for consistent reads from the cache. */
    public long storeRevision() {
        return storage.currentRevision();
    }
}
