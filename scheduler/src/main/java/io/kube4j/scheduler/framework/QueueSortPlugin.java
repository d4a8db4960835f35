package io.kube4j.scheduler.framework;

/** Orders the active queue; a profile has exactly one. */
public interface QueueSortPlugin extends Plugin {

    /** Whether {@code a} should be popped before {@code b}. Must be a strict order. */
    boolean less(QueuedPodInfo a, QueuedPodInfo b);
}
