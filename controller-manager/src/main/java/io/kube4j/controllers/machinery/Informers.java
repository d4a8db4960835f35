package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * The shared informers of a controller manager: one watch and one cache per kind, whoever asks
 * for it, and every controller's event handlers on it. Controllers ask for caches and register
 * handlers in their constructors; the manager starts the informers, waits for their first list,
 * then starts the controllers. Handlers are called on the informer's thread and must only queue
 * work. Thread-safe.
 */
public interface Informers {

    /** The cache of {@code type}, creating its informer if it is the first ask. */
    <T extends HasMetadata> ObjectCache<T> cache(Class<T> type);

    /** Calls {@code handler} on every add, update (resyncs included) and delete of {@code type}. */
    <T extends HasMetadata> void addHandler(Class<T> type, ResourceEventHandler<? super T> handler);

    /** Whether every informer created so far has completed its first list. */
    boolean synced();
}
