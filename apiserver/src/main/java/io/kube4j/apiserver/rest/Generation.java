package io.kube4j.apiserver.rest;

import io.kube4j.apiserver.registry.ResourceType;
import java.util.Comparator;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which resources track {@code metadata.generation} (upstream's strategies that set it: the
 * workload controllers' objects and PodDisruptionBudget) and when it moves: 1 on create, +1 when
 * anything outside metadata and status changes. Stateless.
 */
final class Generation {

    private static final Set<String> TRACKED = Set.of(
            "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet",
            "batch/Job", "batch/CronJob", "/ReplicationController", "policy/PodDisruptionBudget");

    private Generation() {
    }

    static boolean tracked(ResourceType type) {
        return TRACKED.contains(type.group() + "/" + type.kind());
    }

    /** Whether {@code now} differs from {@code old} outside metadata and status. */
    static boolean specChanged(ObjectNode now, ObjectNode old) {
        ObjectNode a = now.deepCopy();
        ObjectNode b = old.deepCopy();
        for (ObjectNode n : new ObjectNode[] {a, b}) {
            n.remove("metadata");
            n.remove("status");
            n.remove("apiVersion");
            n.remove("kind");
        }
        return !sameValues(a, b);
    }

    /** Whether two trees are equal, numbers compared by value (an IntNode 30 equals a LongNode 30). */
    static boolean sameValues(JsonNode a, JsonNode b) {
        return a.equals(SAME_VALUE, b);
    }

    /*
     * The stored tree parses 30 as an int while the typed model writes a Long field back as a long;
     * Jackson's node equality tells those apart, so numbers compare by value here.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    static long of(JsonNode meta) {
        return meta.path("generation").asLong(0);
    }
}
