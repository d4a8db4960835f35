package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.Comparator;

/**
 * The orders upstream sorts ReplicaSets in: by creation (oldest first, then by name), by revision
 * (then by creation), and by size with newer or older first among equals, for proportional
 * scaling. Stateless.
 */
final class ReplicaSetOrder {

    private ReplicaSetOrder() {
    }

    static Instant created(ReplicaSet rs) {
        String ts = rs.getMetadata().getCreationTimestamp();
        return ts == null || ts.isEmpty() ? Instant.EPOCH : Instant.parse(ts);
    }

    /** Oldest first; equal timestamps by name. */
    static final Comparator<ReplicaSet> BY_CREATION = Comparator.comparing(ReplicaSetOrder::created)
            .thenComparing((ReplicaSet rs) -> rs.getMetadata().getName());

    /** Lowest revision first; equal revisions by creation. */
    static final Comparator<ReplicaSet> BY_REVISION = Comparator.comparingLong((ReplicaSet rs) -> RevisionAnnotations.revision(rs))
            .thenComparing(BY_CREATION);

    /** Largest first; among equals, newest first (scaling up). */
    static final Comparator<ReplicaSet> BY_SIZE_NEWER = Comparator.comparingInt((ReplicaSet rs) -> RolloutMath.replicas(rs)).reversed()
            .thenComparing(BY_CREATION.reversed());

    /** Largest first; among equals, oldest first (scaling down). */
    static final Comparator<ReplicaSet> BY_SIZE_OLDER = Comparator.comparingInt((ReplicaSet rs) -> RolloutMath.replicas(rs)).reversed()
            .thenComparing(BY_CREATION);
}
