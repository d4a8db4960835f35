package io.kube4j.apiserver.fields;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Pods: node, restart policy, scheduler, service account, host network, phase, IP and nominated
 * node. {@code status.podIPs} is accepted in a selector (as upstream) but has no value, so it
 * only matches the empty string. Stateless, thread-safe.
 */
public final class PodFields implements SelectableFields {

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
    public Map<String, String> fields(JsonNode pod) {
        Map<String, String> f = new HashMap<>();
        f.put("spec.nodeName", Values.str(pod, "spec.nodeName"));
        f.put("spec.restartPolicy", Values.str(pod, "spec.restartPolicy"));
        f.put("spec.schedulerName", Values.str(pod, "spec.schedulerName"));
        f.put("spec.serviceAccountName", Values.str(pod, "spec.serviceAccountName"));
        f.put("spec.hostNetwork", Values.bool(pod, "spec.hostNetwork"));
        f.put("status.phase", Values.str(pod, "status.phase"));
        f.put("status.podIP", Values.primaryPodIP(pod));
        f.put("status.nominatedNodeName", Values.str(pod, "status.nominatedNodeName"));
        return f;
    }
}
