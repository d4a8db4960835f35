package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Informational hook after a successful bind (clean-up); cannot fail the pod. */
public interface PostBindPlugin extends Plugin {

    void postBind(CycleState state, Pod pod, String nodeName);
}
