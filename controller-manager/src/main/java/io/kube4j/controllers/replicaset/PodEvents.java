package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.Pods;
import java.time.Duration;
import java.util.Objects;

/**
 * Informer handler for pods (upstream's addPod / updatePod / deletePod): a pod with a controllerRef
 * wakes that owner only, settling its creation or deletion expectations; a pod whose
 * deletionTimestamp gets set counts as deleted at once, so replacements start without waiting for
 * the kubelet; an orphan wakes every owner whose selector matches it, which may adopt it. Resyncs
 * (same resourceVersion) are ignored. Runs on the informer thread and only queues work.
 */
final class PodEvents<T extends HasMetadata> implements ResourceEventHandler<Pod> {

    private final ReplicaManager<T> manager;

    PodEvents(ReplicaManager<T> manager) {
        this.manager = manager;
    }

    @Override
    public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // Seen for the first time already terminating (e.g. after a restart): count it as gone.
            onDelete(pod, false);
            return;
        }
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref != null) {
            T owner = manager.resolve(pod.getMetadata().getNamespace(), ref);
            if (owner != null) {
                String key = Keys.of(owner);
                manager.expectations.creationObserved(key);
                manager.enqueue(key);
            }
            return;
        }
        manager.ownersSelecting(pod).forEach(manager::enqueue);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            onDelete(newPod, false);
            if (labelsChanged) {
                onDelete(oldPod, false);
            }
            return;
        }
        OwnerReference newRef = ControllerRefs.controllerOf(newPod);
        OwnerReference oldRef = ControllerRefs.controllerOf(oldPod);
        boolean refChanged = !Objects.equals(newRef, oldRef);
        if (refChanged && oldRef != null) {
            T previous = manager.resolve(oldPod.getMetadata().getNamespace(), oldRef);
            if (previous != null) {
                manager.enqueue(previous);
            }
        }
        if (newRef != null) {
            T owner = manager.resolve(newPod.getMetadata().getNamespace(), newRef);
            if (owner == null) {
                return;
            }
            manager.enqueue(owner);
            int minReady = manager.kind.minReadySeconds(owner);
            if (!Pods.ready(oldPod) && Pods.ready(newPod) && minReady > 0) {
                // Availability comes by the clock; check again once it may have. The extra second absorbs skew.
                manager.enqueueAfter(Keys.of(owner), Duration.ofSeconds(minReady + 1L));
            }
            return;
        }
        if (labelsChanged || refChanged) {
            manager.ownersSelecting(newPod).forEach(manager::enqueue);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref == null) {
            return;
        }
        T owner = manager.resolve(pod.getMetadata().getNamespace(), ref);
        if (owner == null) {
            return;
        }
        String key = Keys.of(owner);
        manager.expectations.deletionObserved(key, Keys.of(pod));
        manager.enqueue(key);
    }
}
