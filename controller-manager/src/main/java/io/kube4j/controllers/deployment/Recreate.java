package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kube4j.controllers.machinery.Pods;
import java.util.List;
import java.util.Map;

/**
 * The Recreate strategy (upstream's recreate.go): scale every old ReplicaSet to zero, wait until
 * no old pod is running (the pod delete handler requeues the Deployment when its last pod goes),
 * only then create or scale up the new ReplicaSet. Stateless.
 */
final class Recreate {

    private Recreate() {
    }

    static void rollout(DeploymentSync sync) {
        // No new ReplicaSet yet: creating it now would scale up before the old pods are gone.
        DeploymentSync.Sets sets = sync.sets(false);
        boolean scaledDown = false;
        for (ReplicaSet rs : RolloutMath.active(sets.old())) {
            scaledDown |= sync.scaleAndRecord(rs, 0);
        }
        if (scaledDown || oldPodsRunning(sets.newRS(), sets.old(), sync.podsByReplicaSet)) {
            sync.syncRolloutStatus(sets);
            return;
        }
        if (sets.newRS() == null) {
            sets = sync.sets(true);
        }
        sync.scaleAndRecord(sets.newRS(), RolloutMath.replicas(sync.d));
        DeploymentStatus status = sync.d.getStatus() == null ? new DeploymentStatus() : sync.d.getStatus();
        if (DeploymentConditions.complete(sync.d, status)) {
            sync.cleanup(sets.old());
        }
        sync.syncRolloutStatus(sets);
    }

    /** Whether old ReplicaSets still report pods, or any pod not of the new ReplicaSet is not terminated. */
    static boolean oldPodsRunning(ReplicaSet newRS, List<ReplicaSet> old, Map<String, List<Pod>> podsByReplicaSet) {
        if (RolloutMath.actualSum(old) > 0) {
            return true;
        }
        String newUid = newRS == null ? null : newRS.getMetadata().getUid();
        for (var e : podsByReplicaSet.entrySet()) {
            if (e.getKey().equals(newUid)) {
                continue;
            }
            for (Pod pod : e.getValue()) {
                if (!Pods.terminal(pod)) {
                    return true;
                }
            }
        }
        return false;
    }
}
