package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Approves, rejects or delays the binding of a pod to its chosen node (e.g. gang scheduling). */
public interface PermitPlugin extends Plugin {

    PermitResult permit(CycleState state, Pod pod, String nodeName);
}
