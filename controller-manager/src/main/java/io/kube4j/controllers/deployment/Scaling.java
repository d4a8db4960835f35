package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Resizing without a rollout (upstream's sync, scale, isScalingEvent and
 * GetReplicaSetProportion): used for paused Deployments and when spec.replicas changed. One active
 * ReplicaSet takes the whole count; a saturated new one makes the old ones go to zero; otherwise,
 * for a rolling update, the change (within replicas + maxSurge) is shared among the active
 * ReplicaSets in proportion to their sizes, leftovers to the largest. Stateless.
 */
final class Scaling {

    private Scaling() {
    }

    /** Whether an active ReplicaSet was last sized for a different spec.replicas than the Deployment's now. */
    static boolean isScalingEvent(DeploymentSync sync) {
        DeploymentSync.Sets sets = sync.sets(false);
        int want = RolloutMath.replicas(sync.d);
        for (ReplicaSet rs : RolloutMath.active(sets.all())) {
            Integer desired = RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.DESIRED_REPLICAS);
            if (desired != null && desired != want) {
                return true;
            }
        }
        return false;
    }

    /** Scales, cleans up a paused Deployment's history, and writes status. */
    static void sync(DeploymentSync sync) {
        DeploymentSync.Sets sets = sync.sets(false);
        scale(sync, sets.newRS(), sets.old());
        if (Boolean.TRUE.equals(sync.d.getSpec().getPaused())) {
            sync.cleanup(sets.old());
        }
        sync.syncStatus(sets);
    }

    static void scale(DeploymentSync sync, ReplicaSet newRS, List<ReplicaSet> old) {
        Deployment d = sync.d;
        int want = RolloutMath.replicas(d);
        ReplicaSet single = activeOrLatest(newRS, old);
        if (single != null) {
            sync.scaleAndRecord(single, want);
            return;
        }
        if (RolloutMath.saturated(d, newRS)) {
            for (ReplicaSet rs : RolloutMath.active(old)) {
                sync.scaleAndRecord(rs, 0);
            }
            return;
        }
        if (!RolloutMath.rolling(d)) {
            return;
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(newRS);
        List<ReplicaSet> active = new ArrayList<>(RolloutMath.active(all));
        int allowed = want > 0 ? want + RolloutMath.maxSurge(d) : 0;
        int toAdd = allowed - RolloutMath.specSum(active);
        String operation = "";
        if (toAdd > 0) {
            active.sort(ReplicaSetOrder.BY_SIZE_NEWER);
            operation = "up";
        } else if (toAdd < 0) {
            active.sort(ReplicaSetOrder.BY_SIZE_OLDER);
            operation = "down";
        }
        int added = 0;
        int[] sizes = new int[active.size()];
        for (int i = 0; i < active.size(); i++) {
            ReplicaSet rs = active.get(i);
            sizes[i] = RolloutMath.replicas(rs);
            if (toAdd != 0) {
                int proportion = proportion(rs, d, toAdd, added);
                sizes[i] += proportion;
                added += proportion;
            }
        }
        if (toAdd != 0 && !active.isEmpty()) {
            // Leftovers of rounding go to the largest ReplicaSet.
            sizes[0] = Math.max(0, sizes[0] + toAdd - added);
        }
        for (int i = 0; i < active.size(); i++) {
            sync.scale(active.get(i), sizes[i], operation);
        }
    }

    /**
     * The only active ReplicaSet; with none active, the new one or else the newest old one; null
     * when several are active.
     */
    static ReplicaSet activeOrLatest(ReplicaSet newRS, List<ReplicaSet> old) {
        if (newRS == null && old.isEmpty()) {
            return null;
        }
        List<ReplicaSet> newestFirst = new ArrayList<>(old);
        newestFirst.sort(ReplicaSetOrder.BY_CREATION.reversed());
        List<ReplicaSet> all = new ArrayList<>(newestFirst);
        all.add(newRS);
        List<ReplicaSet> active = RolloutMath.active(all);
        return switch (active.size()) {
            case 0 -> newRS != null ? newRS : newestFirst.getFirst();
            case 1 -> active.getFirst();
            default -> null;
        };
    }

    /** How many replicas {@code rs} gains (or loses) of {@code toAdd}, given {@code added} so far. */
    static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (rs == null || RolloutMath.replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d) {
        int want = RolloutMath.replicas(d);
        int size = RolloutMath.replicas(rs);
        if (want == 0) {
            return -size;
        }
        int maxNow = want + RolloutMath.maxSurge(d);
        Integer maxBefore = RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.MAX_REPLICAS);
        if (maxBefore == null || maxBefore == 0) {
            // Sized before max-replicas was recorded: the current total is the best estimate.
            maxBefore = d.getStatus() == null ? 0 : DeploymentConditions.n(d.getStatus().getReplicas());
        }
        if (maxBefore == 0) {
            return 0;
        }
        double scaled = (double) size * maxNow / maxBefore;
        return (int) (Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5)) - size;
    }
}
