package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Work that must succeed before the binding is written (e.g. provisioning volumes). */
public interface PreBindPlugin extends Plugin {

    Status preBind(CycleState state, Pod pod, String nodeName);
}
