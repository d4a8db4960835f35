package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Objects;

/**
 * The arithmetic of rollouts (upstream's deployment_util): desired counts with apps/v1 defaults,
 * maxSurge/maxUnavailable resolved against the replica count (surge rounded up, unavailable down,
 * never both zero), replica sums over ReplicaSets (null entries skipped, as a missing new RS), and
 * the size of a new ReplicaSet. Stateless; never modifies its arguments.
 */
final class RolloutMath {

    static final String ROLLING_UPDATE = "RollingUpdate";
    static final String RECREATE = "Recreate";

    private RolloutMath() {
    }

    /** spec.replicas, defaulting to 1 as apps/v1 does. */
    static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    /** spec.replicas of a ReplicaSet (the apiserver defaults it to 1). */
    static int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static String strategyType(Deployment d) {
        DeploymentStrategy s = d.getSpec().getStrategy();
        return s == null || s.getType() == null || s.getType().isEmpty() ? ROLLING_UPDATE : s.getType();
    }

    static boolean rolling(Deployment d) {
        return ROLLING_UPDATE.equals(strategyType(d));
    }

    /**
     * An int-or-percent scaled against {@code total} (upstream's GetScaledValueFromIntOrPercent).
     *
     * @throws IllegalArgumentException for a string that is not a percentage
     */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getStrVal() == null) {
            return value.getIntVal() == null ? 0 : value.getIntVal();
        }
        String s = value.getStrVal();
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        long product = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100L) : Math.floorDiv(product, 100L));
    }

    /** {maxSurge, maxUnavailable} for {@code desired} replicas; when both are 0, unavailable is 1 (upstream's ResolveFenceposts). */
    static int[] fenceposts(Deployment d, int desired) {
        var ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = ru == null || ru.getMaxSurge() == null ? new IntOrString("25%") : ru.getMaxSurge();
        IntOrString unavailable = ru == null || ru.getMaxUnavailable() == null ? new IntOrString("25%") : ru.getMaxUnavailable();
        int s = scaled(surge, desired, true);
        int u = scaled(unavailable, desired, false);
        if (s == 0 && u == 0) {
            u = 1;
        }
        return new int[] {s, u};
    }

    /** Pods allowed above spec.replicas during a rolling update; 0 for Recreate. */
    static int maxSurge(Deployment d) {
        return rolling(d) ? fenceposts(d, replicas(d))[0] : 0;
    }

    /** Pods allowed below spec.replicas during a rolling update, at most spec.replicas; 0 for Recreate or no replicas. */
    static int maxUnavailable(Deployment d) {
        int desired = replicas(d);
        if (!rolling(d) || desired == 0) {
            return 0;
        }
        return Math.min(fenceposts(d, desired)[1], desired);
    }

    /** Sum of spec.replicas. */
    static int specSum(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(RolloutMath::replicas).sum();
    }

    /** Sum of status.replicas. */
    static int actualSum(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, Field.REPLICAS)).sum();
    }

    static int readySum(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, Field.READY)).sum();
    }

    static int availableSum(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).mapToInt(rs -> status(rs, Field.AVAILABLE)).sum();
    }

    static int available(ReplicaSet rs) {
        return status(rs, Field.AVAILABLE);
    }

    /** The ReplicaSets with spec.replicas above zero. */
    static List<ReplicaSet> active(List<ReplicaSet> sets) {
        return sets.stream().filter(rs -> rs != null && replicas(rs) > 0).toList();
    }

    /**
     * The size a new ReplicaSet should have now (upstream's NewRSNewReplicas): for a rolling
     * update, grow within replicas + maxSurge; for Recreate, everything at once.
     */
    static int newReplicaSetSize(Deployment d, List<ReplicaSet> all, ReplicaSet newRS) {
        int desired = replicas(d);
        if (!rolling(d)) {
            return desired;
        }
        int current = specSum(all);
        int maxTotal = desired + maxSurge(d);
        int newSize = replicas(newRS);
        if (current >= maxTotal) {
            return newSize;
        }
        int scaleUp = Math.min(maxTotal - current, desired - newSize);
        return newSize + scaleUp;
    }

    /** Whether {@code rs} has all of the Deployment's replicas, available, for its current size (upstream's IsSaturated). */
    static boolean saturated(Deployment d, ReplicaSet rs) {
        if (rs == null) {
            return false;
        }
        Integer desired = RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.DESIRED_REPLICAS);
        int want = replicas(d);
        return desired != null && replicas(rs) == want && desired == want && available(rs) == want;
    }

    private enum Field { REPLICAS, READY, AVAILABLE }

    private static int status(ReplicaSet rs, Field f) {
        var s = rs.getStatus();
        if (s == null) {
            return 0;
        }
        Integer v = switch (f) {
            case REPLICAS -> s.getReplicas();
            case READY -> s.getReadyReplicas();
            case AVAILABLE -> s.getAvailableReplicas();
        };
        return v == null ? 0 : v;
    }
}
