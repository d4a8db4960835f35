package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Map;

/** Runs when no node fit the pod (preemption lives here). */
public interface PostFilterPlugin extends Plugin {

    /**
     * @param nodeStatuses the rejection status of every filtered node, by node name
     */
    PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses);
}
