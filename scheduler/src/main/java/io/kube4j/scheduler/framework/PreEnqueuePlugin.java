package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Decides whether a pod may enter the active queue at all (e.g. scheduling gates). */
public interface PreEnqueuePlugin extends Plugin {

    /** Success lets the pod in; anything else parks it with the unschedulable pods. */
    Status preEnqueue(Pod pod);
}
