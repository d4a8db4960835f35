package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Pending pods nominated to a node (their {@code status.nominatedNodeName}), as upstream's
 * nominator. Implementations are thread-safe.
 */
@FunctionalInterface
public interface NominatedPods {

    /** Nobody is nominated anywhere. */
    NominatedPods NONE = node -> List.of();

    /** The pending pods nominated to {@code nodeName}, never null. */
    List<Pod> nominatedTo(String nodeName);
}
