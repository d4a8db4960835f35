package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/** How upstream's kubelet names pods and containers in messages and events. Stateless. */
final class PodNames {

    private PodNames() {}

    /** Upstream's format.Pod: "NAME_NAMESPACE(UID)" (an underscore cannot occur in a pod's name). */
    static String format(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")";
    }

    /** The Event fieldPath of a container: "spec.containers{NAME}" or "spec.initContainers{NAME}". */
    static String fieldPath(Pod pod, Container container) {
        if (pod.getSpec().getInitContainers() != null && pod.getSpec().getInitContainers().stream()
                .anyMatch(c -> c.getName().equals(container.getName()))) {
            return "spec.initContainers{" + container.getName() + "}";
        }
        return "spec.containers{" + container.getName() + "}";
    }

    static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
