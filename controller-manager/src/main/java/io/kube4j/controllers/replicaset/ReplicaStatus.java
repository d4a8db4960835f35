package io.kube4j.controllers.replicaset;

import java.util.List;

/**
 * The status a replica controller writes, independent of whether the object is a ReplicaSet or a
 * ReplicationController (their status types have the same fields). Counts of null fields read as 0,
 * as the API's omitted zero values. Immutable.
 *
 * @param conditions every condition of the object, in order; the controller manages only {@code ReplicaFailure}
 */
record ReplicaStatus(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
        long observedGeneration, List<Condition> conditions) {

    /** The condition type the controller sets when it cannot create or delete pods. */
    static final String REPLICA_FAILURE = "ReplicaFailure";

    ReplicaStatus {
        conditions = List.copyOf(conditions);
    }

    /** One status condition, as ReplicaSetCondition and ReplicationControllerCondition carry it. */
    record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
    }

    /** The condition of {@code type}, or null. */
    Condition condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
    }

    ReplicaStatus withObservedGeneration(long generation) {
        return new ReplicaStatus(replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, generation, conditions);
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
