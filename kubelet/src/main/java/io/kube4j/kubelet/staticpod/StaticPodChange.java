package io.kube4j.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A change to the node's static pods. A pod's UID is a hash of its manifest, so an edited manifest
 * arrives as the old pod {@link Removed} then the new one {@link Added}, and the pod lifecycle
 * stops the one and starts the other, as upstream's file source and config merge do.
 */
public sealed interface StaticPodChange {

    Pod pod();

    /** A manifest appeared (or changed): run this pod. */
    record Added(Pod pod) implements StaticPodChange {}

    /** A manifest went away (or changed): stop this pod. */
    record Removed(Pod pod) implements StaticPodChange {}
}
