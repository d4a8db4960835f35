package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;

/** The pod lifecycle's side of an eviction (see {@link Eviction}). */
@FunctionalInterface
public interface PodEvictor {

    /**
     * Kills {@code pod} and reports it Failed as {@code eviction} says; blocks until it is killed
     * (or has given up).
     *
     * @return whether the pod was evicted
     */
    boolean evict(Pod pod, Eviction eviction);
}
