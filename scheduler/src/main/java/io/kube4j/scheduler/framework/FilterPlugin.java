package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Decides whether the pod can run on one node. Called concurrently for different nodes; must
 * not mutate the NodeInfo.
 */
public interface FilterPlugin extends Plugin {

    /** Success if the pod fits {@code node}, else an unschedulable status with upstream's reasons. */
    Status filter(CycleState state, Pod pod, NodeInfo node);
}
