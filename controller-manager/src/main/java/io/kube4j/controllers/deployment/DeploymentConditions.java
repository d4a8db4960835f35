package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Deployment's conditions and what they say about progress (upstream's deployment_util
 * condition helpers, DeploymentComplete, DeploymentProgressing, DeploymentTimedOut). Setters modify
 * the status passed in, which the caller owns. Stateless otherwise.
 */
final class DeploymentConditions {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

    private DeploymentConditions() {
    }

    static DeploymentCondition get(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** A condition stamped with {@code now} as both its update and transition time. */
    static DeploymentCondition of(String type, String status, String reason, String message, Instant now) {
        String t = timestamp(now);
        DeploymentCondition c = new DeploymentCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastUpdateTime(t);
        c.setLastTransitionTime(t);
        return c;
    }

    /**
     * Sets {@code condition} unless one of its type with the same status and reason is there
     * already; keeps the old transition time when only the reason changes.
     */
    static void set(DeploymentStatus status, DeploymentCondition condition) {
        DeploymentCondition current = get(status, condition.getType());
        if (current != null && current.getStatus().equals(condition.getStatus()) && current.getReason().equals(condition.getReason())) {
            return;
        }
        if (current != null && current.getStatus().equals(condition.getStatus())) {
            condition.setLastTransitionTime(current.getLastTransitionTime());
        }
        List<DeploymentCondition> next = new ArrayList<>();
        if (status.getConditions() != null) {
            status.getConditions().stream().filter(c -> !condition.getType().equals(c.getType())).forEach(next::add);
        }
        next.add(condition);
        status.setConditions(next);
    }

    static void remove(DeploymentStatus status, String type) {
        if (status.getConditions() == null) {
            return;
        }
        status.setConditions(new ArrayList<>(status.getConditions().stream().filter(c -> !type.equals(c.getType())).toList()));
    }

    /** Whether progressDeadlineSeconds is set (and not the "never" max int). */
    static boolean hasProgressDeadline(Deployment d) {
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        return p != null && p != Integer.MAX_VALUE;
    }

    /** Every replica updated and available, none old, and the latest spec observed. */
    static boolean complete(Deployment d, DeploymentStatus s) {
        int want = RolloutMath.replicas(d);
        return n(s.getUpdatedReplicas()) == want && n(s.getReplicas()) == want && n(s.getAvailableReplicas()) == want
                && (s.getObservedGeneration() == null ? 0 : s.getObservedGeneration()) >= generation(d);
    }

    /** Whether {@code next} shows progress over the Deployment's current status. */
    static boolean progressing(Deployment d, DeploymentStatus next) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(next.getReplicas()) - n(next.getUpdatedReplicas());
        return n(next.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(next.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(next.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /** Whether the Progressing condition in {@code next} was last updated longer than the deadline before {@code now}. */
    static boolean timedOut(Deployment d, DeploymentStatus next, Instant now) {
        if (!hasProgressDeadline(d)) {
            return false;
        }
        DeploymentCondition c = get(next, PROGRESSING);
        if (c == null || NEW_RS_AVAILABLE.equals(c.getReason())) {
            return false;
        }
        if (TIMED_OUT.equals(c.getReason())) {
            return true;
        }
        Instant from = Instant.parse(c.getLastUpdateTime());
        return from.plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(now);
    }

    static String timestamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    static long generation(Deployment d) {
        return d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    }

    static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
