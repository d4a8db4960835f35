package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Keys;
import java.util.Objects;

/**
 * Informer handler for ReplicaSets / ReplicationControllers: queue the owner; a deleted owner (or
 * one replaced under the same name) has its expectations forgotten. Runs on the informer thread.
 */
final class OwnerEvents<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final ReplicaManager<T> manager;

    OwnerEvents(ReplicaManager<T> manager) {
        this.manager = manager;
    }

    @Override
    public void onAdd(T obj) {
        manager.enqueue(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        if (!Objects.equals(oldObj.getMetadata().getUid(), newObj.getMetadata().getUid())) {
            onDelete(oldObj, false);
        }
        manager.enqueue(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        String key = Keys.of(obj);
        manager.expectations.delete(key);
        manager.enqueue(key);
    }
}
