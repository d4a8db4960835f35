package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** Measures pods' ephemeral storage. Implementations are thread-safe; a pod that cannot be measured is left out. */
@FunctionalInterface
public interface PodStorageSource {

    /** Pod UID → usage, for the given pods. */
    Map<String, PodStorage> measure(List<Pod> pods);
}
