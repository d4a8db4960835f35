package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Claims resources for the chosen node before binding; unreserve undoes it on a later failure. */
public interface ReservePlugin extends Plugin {

    Status reserve(CycleState state, Pod pod, String nodeName);

    /** Must be idempotent: it may run for a pod whose reserve never ran or failed. */
    void unreserve(CycleState state, Pod pod, String nodeName);
}
