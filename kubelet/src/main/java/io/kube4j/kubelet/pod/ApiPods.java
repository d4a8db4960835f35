package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's final delete of a terminated pod's object (upstream's status manager
 * canBeDeleted/delete): grace period 0 with the pod's UID as precondition, so that a new pod of
 * the same name is never deleted in its place. Thread-safe.
 */
class ApiPods {

    private static final Logger log = LoggerFactory.getLogger(ApiPods.class);

    private final KubernetesClient client;

    ApiPods(KubernetesClient client) {
        this.client = client;
    }

    /** Deletes the object; true when it is gone (deleted now, already gone, or replaced by a new pod). */
    boolean deleteFinally(Pod pod) {
        var meta = pod.getMetadata();
        String base = client.getMasterUrl().toString().replaceAll("/+$", "");
        String uri = base + "/api/v1/namespaces/" + meta.getNamespace() + "/pods/" + meta.getName();
        Map<String, Object> options = Map.of(
                "kind", "DeleteOptions",
                "apiVersion", "v1",
                "gracePeriodSeconds", 0,
                "preconditions", Map.of("uid", meta.getUid()));
        try {
            client.raw(uri, "DELETE", options);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return true;
            }
            log.warn("final delete of pod {}/{} failed: {}", meta.getNamespace(), meta.getName(), e.getMessage());
            return false;
        }
    }
}
