package io.kube4j.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the replica engine needs to know about the kind it manages: upstream runs ReplicationControllers
 * through the ReplicaSet code by converting them, we read both through this adapter instead.
 * Implementations are stateless and thread-safe; {@link #withStatus} returns a copy.
 *
 * @param <T> ReplicaSet or ReplicationController
 */
sealed interface ReplicaKind<T extends HasMetadata> permits ReplicaSetKind, ReplicationControllerKind {

    Class<T> type();

    /** The kind's name as ownerReferences and messages spell it. */
    String kind();

    /** Which pod labels the owner selects. */
    Predicate<Map<String, String>> selector(T owner);

    /**
     * Whether the owner has no selector requirements. Such an owner is never offered orphans by the
     * pod handlers (upstream skips empty selectors there), though the apiserver rejects them anyway.
     */
    boolean selectorEmpty(T owner);

    /** spec.replicas, defaulting to 1 as the apiserver does. */
    int replicas(T owner);

    int minReadySeconds(T owner);

    PodTemplateSpec template(T owner);

    ReplicaStatus status(T owner);

    /** A copy of {@code owner} carrying {@code status}. */
    T withStatus(T owner, ReplicaStatus status);
}
