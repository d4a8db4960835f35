package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pod informer handler of the endpoint controllers (upstream's GetServicesToUpdateOnPodChange): a pod
 * added or deleted wakes the services selecting it; an update wakes them only when something
 * endpoints are made of changed, and when its labels changed also the services that selected the
 * old pod. Runs on the informer thread and only queues service keys.
 */
final class ServicePodEvents implements ResourceEventHandler<Pod> {

    private final ObjectCache<Service> services;
    private final Consumer<String> enqueue;

    ServicePodEvents(ObjectCache<Service> services, Consumer<String> enqueue) {
        this.services = services;
        this.enqueue = enqueue;
    }

    @Override
    public void onAdd(Pod pod) {
        servicesOf(pod).forEach(enqueue);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        boolean labelsChanged = !ServicePods.labels(oldPod).equals(ServicePods.labels(newPod));
        boolean endpointsChanged = !ServicePods.endpointsView(oldPod).equals(ServicePods.endpointsView(newPod));
        if (!labelsChanged && !endpointsChanged) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>(servicesOf(newPod));
        if (labelsChanged) {
            keys.addAll(servicesOf(oldPod));
        }
        keys.forEach(enqueue);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        servicesOf(pod).forEach(enqueue);
    }

    private Set<String> servicesOf(Pod pod) {
        Set<String> keys = new LinkedHashSet<>();
        for (Service s : services.list(pod.getMetadata().getNamespace())) {
            if (ServicePods.selects(s, pod)) {
                keys.add(Keys.of(s));
            }
        }
        return keys;
    }
}
