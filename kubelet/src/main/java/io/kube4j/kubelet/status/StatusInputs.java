package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a pod's API status is generated from.
 *
 * @param pod the pod as last seen from the API (its status supplies what the kubelet keeps: PodScheduled, startTime, IPs)
 * @param runtime what the runtime has of the pod now
 * @param waiting per container name, why the last sync could not run it
 * @param probes readiness and startup of running instances
 * @param hostIps the node's IPs, the primary first
 * @param runtimeName the scheme of container ids ("runc" gives "runc://ID")
 * @param failure when set, the kubelet failed the pod itself (e.g. DeadlineExceeded)
 * @param now the time of this generation (startTime, transition times)
 */
public record StatusInputs(
        Pod pod,
        RuntimePod runtime,
        Map<String, ContainerWaiting> waiting,
        Probes probes,
        List<String> hostIps,
        String runtimeName,
        PodFailure failure,
        Instant now) {

    public StatusInputs {
        waiting = Map.copyOf(waiting);
        hostIps = List.copyOf(hostIps);
    }

    /** Probe results of container instances. */
    public interface Probes {
        boolean ready(String containerName, String containerId);

        boolean started(String containerName, String containerId);
    }

    /** The pod failed by the kubelet's decision: phase Failed with this reason and message. */
    public record PodFailure(String reason, String message) {}
}
