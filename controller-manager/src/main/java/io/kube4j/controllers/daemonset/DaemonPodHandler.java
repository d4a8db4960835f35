package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Keys;
import java.util.Objects;

/**
 * Pod events for the DaemonSet controller (upstream's addPod/updatePod/deletePod): the owning
 * DaemonSet's expectations observe the creation or deletion (a pod getting a deletionTimestamp
 * counts as deleted) and it is requeued; an orphan requeues every DaemonSet that could adopt it.
 * Called on the informer thread; only queues work.
 */
final class DaemonPodHandler implements ResourceEventHandler<Pod> {

    private final DaemonSetController controller;

    DaemonPodHandler(DaemonSetController controller) {
        this.controller = controller;
    }

    @Override
    public void onAdd(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            onDelete(pod, false);
            return;
        }
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (ref != null) {
            DaemonSet ds = controller.owner(pod.getMetadata().getNamespace(), ref);
            if (ds != null) {
                controller.creations().creationObserved(Keys.of(ds));
                controller.enqueue(ds);
            }
            return;
        }
        controller.matching(pod).forEach(controller::enqueue);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
        if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            onDelete(pod, false);
            return;
        }
        OwnerReference oldRef = ControllerRefs.controllerOf(old);
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        if (oldRef != null && !oldRef.equals(ref)) {
            controller.enqueueOwner(old.getMetadata().getNamespace(), oldRef);
        }
        if (ref != null) {
            controller.enqueueOwner(pod.getMetadata().getNamespace(), ref);
            return;
        }
        if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels()) || oldRef != null) {
            controller.matching(pod).forEach(controller::enqueue);
        }
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        OwnerReference ref = ControllerRefs.controllerOf(pod);
        DaemonSet ds = controller.owner(pod.getMetadata().getNamespace(), ref);
        if (ds != null) {
            controller.deletions().deletionObserved(Keys.of(ds), Keys.of(pod));
            controller.enqueue(ds);
        }
    }
}
