package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.status.StatusInputs;

/**
 * One pod as its worker sees it: the newest version from its source (volatile, replaced by the
 * source's thread), whether it is gone from the source, and what the worker remembers between
 * syncs (touched only by the worker's thread).
 */
final class PodWork {

    private volatile Pod pod;
    private volatile boolean gone;
    private final boolean isStatic;
    private final long seenNanos = System.nanoTime();

    /** Set when the kubelet failed the pod itself (activeDeadlineSeconds): never cleared. */
    StatusInputs.PodFailure failure;
    /** Its containers were stopped for deletion. */
    boolean terminated;

    PodWork(Pod pod, boolean isStatic) {
        this.pod = pod;
        this.isStatic = isStatic;
    }

    Pod pod() {
        return pod;
    }

    void update(Pod pod) {
        this.pod = pod;
    }

    boolean gone() {
        return gone;
    }

    void markGone() {
        this.gone = true;
    }

    boolean isStatic() {
        return isStatic;
    }

    /** When the worker first got the pod ({@link System#nanoTime()}), for the sync log's latency. */
    long seenNanos() {
        return seenNanos;
    }
}
