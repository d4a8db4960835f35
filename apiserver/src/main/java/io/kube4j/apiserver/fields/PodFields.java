package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Pods: node, restart policy, scheduler, service account, host network, phase, IP and nominated
 * node. {@code status.podIPs} is accepted in a selector (as upstream) but has no value, so it
 * only matches the empty string. Stateless, thread-safe.
 */
public final class PodFields implements SelectableFields<Pod> {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    /** Clients of the first v1 API still say {@code spec.host}. */
    @Override
    public Map<String, String> aliases() {
        return Map.of("spec.host", "spec.nodeName");
    }

    @Override
    public Map<String, String> fields(Pod pod) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        Map<String, String> f = new HashMap<>();
        f.put("spec.nodeName", Values.str(spec.getNodeName()));
        f.put("spec.restartPolicy", Values.str(spec.getRestartPolicy()));
        f.put("spec.schedulerName", Values.str(spec.getSchedulerName()));
        f.put("spec.serviceAccountName", Values.str(spec.getServiceAccountName()));
        f.put("spec.hostNetwork", String.valueOf(Boolean.TRUE.equals(spec.getHostNetwork())));
        f.put("status.phase", Values.str(status.getPhase()));
        f.put("status.podIP", Values.primaryPodIP(status));
        f.put("status.nominatedNodeName", Values.str(status.getNominatedNodeName()));
        return f;
    }
}
