package io.kube4j.kubelet.eviction;

import java.util.Map;

/** A pod's memory working set now, per container name (bytes). */
public record PodUsage(Map<String, Long> containerWorkingSet) {

    public PodUsage {
        containerWorkingSet = Map.copyOf(containerWorkingSet);
    }

    /** The pod's working set: the sum of its containers'. */
    public long workingSet() {
        return containerWorkingSet.values().stream().mapToLong(Long::longValue).sum();
    }
}
