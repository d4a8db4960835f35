package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;

/**
 * A pod with what the scheduler derives from it once: its effective requests (plain and with the
 * scoring defaults) and its host ports. Immutable as long as nobody mutates the fabric8 pod,
 * which callers must treat as read-only once wrapped.
 *
 * @param pod            the pod
 * @param request        {@link PodRequests#of(Pod)}
 * @param nonZeroRequest {@link PodRequests#nonZero(Pod)}
 * @param hostPorts      container ports with a host port, of regular containers and sidecars
 */
public record PodInfo(Pod pod, Resources request, Resources nonZeroRequest, List<ContainerPort> hostPorts) {

    public PodInfo {
        hostPorts = List.copyOf(hostPorts);
    }

    /** Wraps {@code pod}, computing its requests and host ports. */
    public static PodInfo of(Pod pod) {
        return new PodInfo(pod, PodRequests.of(pod), PodRequests.nonZero(pod), hostPortsOf(pod));
    }

    /** namespace/name of the pod. */
    public String key() {
        return keyOf(pod);
    }

    /** namespace/name of {@code pod}. */
    public static String keyOf(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The ports of {@code pod} that claim a host port (regular containers and sidecars). */
    public static List<ContainerPort> hostPortsOf(Pod pod) {
        List<ContainerPort> ports = new ArrayList<>();
        if (pod.getSpec() == null) {
            return ports;
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if ("Always".equals(c.getRestartPolicy())) {
                    collect(c, ports);
                }
            }
        }
        if (pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                collect(c, ports);
            }
        }
        return ports;
    }

    private static void collect(Container c, List<ContainerPort> into) {
        if (c.getPorts() == null) {
            return;
        }
        for (ContainerPort p : c.getPorts()) {
            if (p.getHostPort() != null && p.getHostPort() > 0) {
                into.add(p);
            }
        }
    }
}
