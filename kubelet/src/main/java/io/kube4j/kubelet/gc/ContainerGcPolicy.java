package io.kube4j.kubelet.gc;

import java.time.Duration;

/**
 * Which dead containers are removed (upstream's GCPolicy): only containers created more than
 * {@code minAge} ago (--minimum-container-ttl-duration) are candidates; at most
 * {@code maxPerPodContainer} dead ones are kept per pod and container name (negative: no limit);
 * at most {@code maxContainers} dead ones on the node (negative: no limit).
 */
public record ContainerGcPolicy(Duration minAge, int maxPerPodContainer, int maxContainers) {

    /** Upstream's defaults: no minimum age, one dead container per pod container, no node limit. */
    public static final ContainerGcPolicy DEFAULT = new ContainerGcPolicy(Duration.ZERO, 1, -1);
}
