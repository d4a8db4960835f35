package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Writes the binding. Bind plugins run in order until one returns other than Skip; Skip means
 * "not mine, ask the next".
 */
public interface BindPlugin extends Plugin {

    Status bind(CycleState state, Pod pod, String nodeName);
}
