package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Deployment's status computed from its ReplicaSets (upstream's calculateStatus and
 * getReplicaFailures), and status equality that ignores how zeros are spelled (the apiserver omits
 * zero counts, so 0 and absent must compare equal or every sync would write). Stateless; results
 * are new objects the caller owns.
 */
final class DeploymentStatuses {

    private DeploymentStatuses() {
    }

    /**
     * The status {@code all} (null entries skipped) give the Deployment: counts, observedGeneration,
     * the existing conditions with Available set from the minimum availability rule.
     */
    static DeploymentStatus calculate(Deployment d, List<ReplicaSet> all, ReplicaSet newRS, Instant now) {
        int available = RolloutMath.availableSum(all);
        int unavailable = Math.max(0, RolloutMath.specSum(all) - available);
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        DeploymentStatus s = new DeploymentStatus();
        s.setObservedGeneration(DeploymentConditions.generation(d));
        s.setReplicas(RolloutMath.actualSum(all));
        s.setUpdatedReplicas(newRS == null ? 0 : RolloutMath.actualSum(List.of(newRS)));
        s.setReadyReplicas(RolloutMath.readySum(all));
        s.setAvailableReplicas(available);
        s.setUnavailableReplicas(unavailable);
        s.setCollisionCount(old.getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (old.getConditions() != null) {
            old.getConditions().forEach(c -> conditions.add(Serialization.clone(c)));
        }
        s.setConditions(conditions);
        if (available >= RolloutMath.replicas(d) - RolloutMath.maxUnavailable(d)) {
            DeploymentConditions.set(s, DeploymentConditions.of(DeploymentConditions.AVAILABLE, "True",
                    DeploymentConditions.MIN_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            DeploymentConditions.set(s, DeploymentConditions.of(DeploymentConditions.AVAILABLE, "False",
                    DeploymentConditions.MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return s;
    }

    /** The first ReplicaFailure condition of the new ReplicaSet, else of any other, as a Deployment condition; or null. */
    static DeploymentCondition replicaFailure(List<ReplicaSet> all, ReplicaSet newRS) {
        DeploymentCondition found = newRS == null ? null : failureOf(newRS);
        if (found != null) {
            return found;
        }
        for (ReplicaSet rs : all) {
            if (rs != null && (found = failureOf(rs)) != null) {
                return found;
            }
        }
        return null;
    }

    /** Whether two statuses say the same, treating zero counts and absent ones alike. */
    static boolean same(DeploymentStatus a, DeploymentStatus b) {
        return normalized(a).equals(normalized(b));
    }

    private static DeploymentCondition failureOf(ReplicaSet rs) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
            return null;
        }
        for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
            if ("ReplicaFailure".equals(c.getType())) {
                DeploymentCondition dc = new DeploymentCondition();
                dc.setType(DeploymentConditions.REPLICA_FAILURE);
                dc.setStatus(c.getStatus());
                dc.setReason(c.getReason());
                dc.setMessage(c.getMessage());
                dc.setLastTransitionTime(c.getLastTransitionTime());
                dc.setLastUpdateTime(c.getLastTransitionTime());
                return dc;
            }
        }
        return null;
    }

    private static JsonNode normalized(DeploymentStatus s) {
        ObjectNode tree = Serialization.jsonMapper().valueToTree(s == null ? new DeploymentStatus() : s);
        List<String> drop = new ArrayList<>();
        for (String name : tree.propertyNames()) {
            JsonNode v = tree.get(name);
            if (v.isNull() || (v.isNumber() && v.asLong() == 0) || (v.isArray() && v.isEmpty())) {
                drop.add(name);
            }
        }
        drop.forEach(tree::remove);
        return tree;
    }
}
