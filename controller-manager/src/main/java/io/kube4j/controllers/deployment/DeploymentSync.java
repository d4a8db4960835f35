package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one Deployment: the Deployment and the ReplicaSets it controls as owned, mutable
 * copies, and the operations the strategies share (upstream's sync.go): finding the new and old
 * ReplicaSets while keeping revisions in step, scaling a ReplicaSet with its Event, cleaning up
 * history, and writing status. Every write replaces the local copy with what the apiserver
 * returned, so later writes in the same sync carry the current resourceVersion. Confined to the
 * worker running the sync; API failures propagate so the key is retried.
 */
final class DeploymentSync {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentSync.class);

    /** The new ReplicaSet (null until created) and the others, newest ones last. */
    record Sets(ReplicaSet newRS, List<ReplicaSet> old) {
        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(old);
            all.add(newRS);
            return all;
        }
    }

    final Api api;
    final EventRecorder events;
    final InstantSource clock;
    final Requeue requeue;
    final List<ReplicaSet> replicaSets;
    /** The pods of each ReplicaSet, by ReplicaSet UID. */
    final Map<String, List<Pod>> podsByReplicaSet;
    Deployment d;

    DeploymentSync(Api api, EventRecorder events, InstantSource clock, Requeue requeue, Deployment d,
            List<ReplicaSet> replicaSets, Map<String, List<Pod>> podsByReplicaSet) {
        this.api = api;
        this.events = events;
        this.clock = clock;
        this.requeue = requeue;
        this.d = d;
        this.replicaSets = replicaSets;
        this.podsByReplicaSet = podsByReplicaSet;
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The new ReplicaSet (the one whose template equals the Deployment's, oldest first) and the old
     * ones, with the new one's revision raised above the old ones' and the Deployment's revision
     * annotation following it (upstream's getAllReplicaSetsAndSyncRevision).
     */
    Sets sets(boolean createIfMissing) {
        ReplicaSet found = findNew();
        List<ReplicaSet> old = replicaSets.stream().filter(rs -> rs != found).toList();
        ReplicaSet newRS = NewReplicaSets.sync(this, found, old, createIfMissing);
        return new Sets(newRS, old);
    }

    private ReplicaSet findNew() {
        return replicaSets.stream().sorted(ReplicaSetOrder.BY_CREATION)
                .filter(rs -> PodTemplateHash.equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst().orElse(null);
    }

    /** Scales {@code rs} to {@code newScale} if it differs; whether it was scaled. */
    boolean scaleAndRecord(ReplicaSet rs, int newScale) {
        int current = RolloutMath.replicas(rs);
        if (current == newScale) {
            return false;
        }
        return scale(rs, newScale, current < newScale ? "up" : "down");
    }

    /**
     * Writes {@code rs} with {@code newScale} replicas and the Deployment's current desired/max
     * replicas annotations when either differs, recording ScalingReplicaSet when the size changed.
     * The local copy of {@code rs} takes the written spec and metadata.
     */
    boolean scale(ReplicaSet rs, int newScale, String operation) {
        int desired = RolloutMath.replicas(d);
        int max = desired + RolloutMath.maxSurge(d);
        int oldScale = RolloutMath.replicas(rs);
        boolean sizeChanges = oldScale != newScale;
        if (!sizeChanges && !RevisionAnnotations.replicasAnnotationsNeedUpdate(rs, desired, max)) {
            return false;
        }
        ReplicaSet copy = Serialization.clone(rs);
        copy.getSpec().setReplicas(newScale);
        RevisionAnnotations.setReplicasAnnotations(copy, desired, max);
        ReplicaSet written = api.update(copy);
        rs.setMetadata(written.getMetadata());
        rs.setSpec(written.getSpec());
        if (sizeChanges) {
            events.eventf(d, EventRecorder.NORMAL, "ScalingReplicaSet", "Scaled %s replica set %s from %d to %d",
                    operation, rs.getMetadata().getName(), oldScale, newScale);
        }
        return sizeChanges;
    }

    /**
     * Deletes the oldest old ReplicaSets beyond revisionHistoryLimit that have no replicas, desired
     * or actual, and whose controller has seen their latest spec (upstream's cleanupDeployment).
     */
    void cleanup(List<ReplicaSet> old) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = old.stream()
                .filter(rs -> rs != null && rs.getMetadata().getDeletionTimestamp() == null)
                .sorted(ReplicaSetOrder.BY_REVISION).toList();
        int excess = cleanable.size() - limit;
        for (int i = 0; i < excess; i++) {
            ReplicaSet rs = cleanable.get(i);
            var st = rs.getStatus();
            long observed = st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            if ((st != null && DeploymentConditions.n(st.getReplicas()) != 0) || RolloutMath.replicas(rs) != 0 || generation > observed) {
                continue;
            }
            LOG.debug("deleting old replica set {}/{} of deployment {}", rs.getMetadata().getNamespace(), rs.getMetadata().getName(),
                    d.getMetadata().getName());
            try {
                api.delete(ReplicaSet.class, rs.getMetadata().getNamespace(), rs.getMetadata().getName(), Api.Deletion.DEFAULT);
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** Writes the status the ReplicaSets give, if it differs (upstream's syncDeploymentStatus). */
    void syncStatus(Sets sets) {
        DeploymentStatus next = DeploymentStatuses.calculate(d, sets.all(), sets.newRS(), now());
        if (!DeploymentStatuses.same(d.getStatus(), next)) {
            writeStatus(next);
        }
    }

    /**
     * Writes the status with the Progressing condition brought up to date (complete, progressing
     * or timed out) and replica failures surfaced; when nothing changed, requeues a Deployment that
     * may yet time out (upstream's syncRolloutStatus and requeueStuckDeployment).
     */
    void syncRolloutStatus(Sets sets) {
        ReplicaSet newRS = sets.newRS();
        DeploymentStatus next = DeploymentStatuses.calculate(d, sets.all(), newRS, now());
        boolean deadline = DeploymentConditions.hasProgressDeadline(d);
        if (!deadline) {
            DeploymentConditions.remove(next, DeploymentConditions.PROGRESSING);
        }
        DeploymentCondition current = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        boolean alreadyComplete = DeploymentConditions.n(next.getReplicas()) == DeploymentConditions.n(next.getUpdatedReplicas())
                && current != null && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.getReason());
        if (deadline && !alreadyComplete) {
            String rsName = newRS == null ? null : newRS.getMetadata().getName();
            if (DeploymentConditions.complete(d, next)) {
                DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, "ReplicaSet \"" + rsName + "\" has successfully progressed.", now()));
            } else if (DeploymentConditions.progressing(d, next)) {
                String msg = rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" is progressing."
                        : "ReplicaSet \"" + rsName + "\" is progressing.";
                DeploymentCondition c = DeploymentConditions.of(DeploymentConditions.PROGRESSING, "True",
                        DeploymentConditions.RS_UPDATED, msg, now());
                // Progress refreshes lastUpdateTime even with an unchanged reason, so it is replaced, not set.
                if (current != null) {
                    if ("True".equals(current.getStatus())) {
                        c.setLastTransitionTime(current.getLastTransitionTime());
                    }
                    DeploymentConditions.remove(next, DeploymentConditions.PROGRESSING);
                }
                DeploymentConditions.set(next, c);
            } else if (DeploymentConditions.timedOut(d, next, now())) {
                String msg = rsName == null ? "Deployment \"" + d.getMetadata().getName() + "\" has timed out progressing."
                        : "ReplicaSet \"" + rsName + "\" has timed out progressing.";
                DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "False",
                        DeploymentConditions.TIMED_OUT, msg, now()));
            }
        }
        DeploymentCondition failure = DeploymentStatuses.replicaFailure(sets.all(), newRS);
        if (failure != null) {
            DeploymentConditions.set(next, failure);
        } else {
            DeploymentConditions.remove(next, DeploymentConditions.REPLICA_FAILURE);
        }
        if (DeploymentStatuses.same(d.getStatus(), next)) {
            requeueIfStuck(next);
            return;
        }
        writeStatus(next);
    }

    private void requeueIfStuck(DeploymentStatus next) {
        DeploymentCondition current = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        if (!DeploymentConditions.hasProgressDeadline(d) || current == null) {
            return;
        }
        if (DeploymentConditions.complete(d, next) || DeploymentConditions.TIMED_OUT.equals(current.getReason())) {
            return;
        }
        Instant deadline = Instant.parse(current.getLastUpdateTime()).plusSeconds(d.getSpec().getProgressDeadlineSeconds());
        Duration after = Duration.between(now(), deadline);
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            requeue.rateLimited();
        } else {
            requeue.after(after.plusSeconds(1));
        }
    }

    /**
     * Records Progressing=Unknown DeploymentPaused when paused, DeploymentResumed when resumed after
     * a pause, unless the deadline was already exceeded (upstream's checkPausedConditions).
     */
    void checkPausedConditions() {
        if (!DeploymentConditions.hasProgressDeadline(d)) {
            return;
        }
        DeploymentCondition c = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        if (c != null && DeploymentConditions.TIMED_OUT.equals(c.getReason())) {
            return;
        }
        boolean pausedRecorded = c != null && DeploymentConditions.PAUSED.equals(c.getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        DeploymentStatus next = d.getStatus() == null ? new DeploymentStatus() : Serialization.clone(d.getStatus());
        if (paused && !pausedRecorded) {
            DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.PAUSED, "Deployment is paused", now()));
        } else if (!paused && pausedRecorded) {
            DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "Unknown",
                    DeploymentConditions.RESUMED, "Deployment is resumed", now()));
        } else {
            return;
        }
        writeStatus(next);
    }

    /** Replaces the Deployment's status with {@code status}; the local copy becomes the written object. */
    void writeStatus(DeploymentStatus status) {
        Deployment copy = Serialization.clone(d);
        copy.setStatus(status);
        d = api.updateStatus(copy);
    }

    /**
     * Sets the Deployment's revision annotation to {@code revision} when it differs. Upstream does
     * this through the status write; a metadata patch does the same on any apiserver.
     */
    void syncRevision(String revision) {
        if (!RevisionAnnotations.revisionDiffers(d, revision)) {
            return;
        }
        String body = "{\"metadata\":{\"annotations\":{\"" + RevisionAnnotations.REVISION + "\":\"" + revision + "\"}}}";
        d = api.patch(Deployment.class, d.getMetadata().getNamespace(), d.getMetadata().getName(), Api.PatchKind.MERGE, body);
    }
}
