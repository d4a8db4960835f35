package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The RollingUpdate strategy (upstream's rolling.go): each sync does one step: scale the new
 * ReplicaSet up within replicas + maxSurge; else scale old ones down, first their unavailable
 * pods, then available ones as long as replicas - maxUnavailable stay available; once complete,
 * clean up history. Status follows every step. Stateless.
 */
final class RollingUpdate {

    private RollingUpdate() {
    }

    static void rollout(DeploymentSync sync) {
        DeploymentSync.Sets sets = sync.sets(true);
        ReplicaSet newRS = sets.newRS();
        if (scaleNew(sync, sets.all(), newRS)) {
            sync.syncRolloutStatus(sets);
            return;
        }
        if (scaleOld(sync, sets.all(), RolloutMath.active(sets.old()), newRS)) {
            sync.syncRolloutStatus(sets);
            return;
        }
        if (DeploymentConditions.complete(sync.d, sync.d.getStatus() == null
                ? new io.fabric8.kubernetes.api.model.apps.DeploymentStatus() : sync.d.getStatus())) {
            sync.cleanup(sets.old());
        }
        sync.syncRolloutStatus(sets);
    }

    private static boolean scaleNew(DeploymentSync sync, List<ReplicaSet> all, ReplicaSet newRS) {
        int desired = RolloutMath.replicas(sync.d);
        int current = RolloutMath.replicas(newRS);
        if (current == desired) {
            return false;
        }
        if (current > desired) {
            return sync.scaleAndRecord(newRS, desired);
        }
        return sync.scaleAndRecord(newRS, RolloutMath.newReplicaSetSize(sync.d, all, newRS));
    }

    private static boolean scaleOld(DeploymentSync sync, List<ReplicaSet> all, List<ReplicaSet> oldActive, ReplicaSet newRS) {
        if (RolloutMath.specSum(oldActive) == 0) {
            return false;
        }
        int minAvailable = RolloutMath.replicas(sync.d) - RolloutMath.maxUnavailable(sync.d);
        int newUnavailable = RolloutMath.replicas(newRS) - RolloutMath.available(newRS);
        int maxScaledDown = RolloutMath.specSum(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        List<ReplicaSet> old = new ArrayList<>(oldActive);
        old.sort(ReplicaSetOrder.BY_CREATION);
        int cleaned = cleanupUnhealthy(sync, old, maxScaledDown);
        List<ReplicaSet> after = new ArrayList<>(old);
        after.add(newRS);
        int scaledDown = scaleDownAvailable(sync, after, old);
        return cleaned + scaledDown > 0;
    }

    /** Scales old ReplicaSets down by their unavailable pods, oldest first, at most {@code maxCleanup} in all. */
    private static int cleanupUnhealthy(DeploymentSync sync, List<ReplicaSet> old, int maxCleanup) {
        int total = 0;
        for (ReplicaSet rs : old) {
            if (total >= maxCleanup) {
                break;
            }
            int replicas = RolloutMath.replicas(rs);
            int available = RolloutMath.available(rs);
            // A status not yet caught up with an earlier scale-down can report more available pods
            // than the size: nothing unhealthy to remove then (a negative count would scale up).
            if (replicas == 0 || available >= replicas) {
                continue;
            }
            int down = Math.min(maxCleanup - total, replicas - available);
            sync.scaleAndRecord(rs, replicas - down);
            total += down;
        }
        return total;
    }

    /** Scales old ReplicaSets down, oldest first, while more than replicas - maxUnavailable pods are available. */
    private static int scaleDownAvailable(DeploymentSync sync, List<ReplicaSet> all, List<ReplicaSet> old) {
        int minAvailable = RolloutMath.replicas(sync.d) - RolloutMath.maxUnavailable(sync.d);
        // A ReplicaSet cannot keep more available pods than its size: capping a status that has not
        // caught up with an earlier scale-down keeps this step from taking too many.
        int available = all.stream().filter(java.util.Objects::nonNull)
                .mapToInt(rs -> Math.min(RolloutMath.available(rs), RolloutMath.replicas(rs))).sum();
        if (available <= minAvailable) {
            return 0;
        }
        int budget = available - minAvailable;
        int total = 0;
        for (ReplicaSet rs : old) {
            if (total >= budget) {
                break;
            }
            int replicas = RolloutMath.replicas(rs);
            if (replicas == 0) {
                continue;
            }
            int down = Math.min(replicas, budget - total);
            sync.scaleAndRecord(rs, replicas - down);
            total += down;
        }
        return total;
    }
}
