package io.kube4j.kubelet.events;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where the kubelet's components report Events about pods (source component "kubelet", host the
 * node), upstream's reasons: Pulling, Pulled, Failed, BackOff, Created, Started, Killing,
 * Unhealthy, FailedMount, ... Thread-safe; never blocks on the API.
 */
public interface KubeletEvents {

    /**
     * @param fieldPath the involved object's fieldPath ("spec.containers{app}", "spec.initContainers{init}"), or null for the pod
     * @param type "Normal" or "Warning"
     */
    void pod(Pod pod, String fieldPath, String type, String reason, String message);
}
