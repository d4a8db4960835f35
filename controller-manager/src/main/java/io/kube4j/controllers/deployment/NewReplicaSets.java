package io.kube4j.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.EventRecorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The new ReplicaSet of a Deployment (upstream's getNewReplicaSet): an existing one has its
 * annotations and minReadySeconds brought in line and its revision raised to max(old) + 1; a
 * missing one is created, when asked, as {@code <deployment>-<pod-template-hash>} with the hash in
 * its selector, labels and template, sized by {@link RolloutMath#newReplicaSetSize}. A name taken
 * by a ReplicaSet that is not this template's raises status.collisionCount so the next sync hashes
 * differently. The Deployment's revision annotation and Progressing condition follow. Stateless.
 */
final class NewReplicaSets {

    private NewReplicaSets() {
    }

    /** The new ReplicaSet (the local copy, kept in {@code sync.replicaSets}), or null when missing and not created. */
    static ReplicaSet sync(DeploymentSync sync, ReplicaSet existing, List<ReplicaSet> old, boolean create) {
        Deployment d = sync.d;
        String newRevision = Long.toString(RevisionAnnotations.maxRevision(old) + 1);
        if (existing != null) {
            return syncExisting(sync, existing, newRevision);
        }
        if (!create) {
            return null;
        }
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = PodTemplateHash.compute(d.getSpec().getTemplate(), collisions);
        ReplicaSet rs = build(d, hash);
        List<ReplicaSet> all = new ArrayList<>(old);
        all.add(rs);
        int size = RolloutMath.newReplicaSetSize(d, all, rs);
        rs.getSpec().setReplicas(size);
        RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, newRevision, false);
        ReplicaSet created;
        boolean alreadyExisted = false;
        try {
            created = sync.api.create(rs);
        } catch (RuntimeException e) {
            if (ApiErrors.alreadyExists(e)) {
                created = sync.api.get(ReplicaSet.class, d.getMetadata().getNamespace(), rs.getMetadata().getName());
                if (created == null || !ControllerRefs.controlledBy(created, d)
                        || !PodTemplateHash.equalIgnoringHash(d.getSpec().getTemplate(), created.getSpec().getTemplate())) {
                    recordCollision(sync);
                    throw e;
                }
                alreadyExisted = true;
            } else if (ApiErrors.namespaceTerminating(e)) {
                throw e;
            } else {
                String msg = "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": " + e.getMessage();
                if (DeploymentConditions.hasProgressDeadline(d)) {
                    DeploymentStatus next = statusCopy(sync.d);
                    DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "False",
                            DeploymentConditions.FAILED_RS_CREATE, msg, sync.now()));
                    try {
                        sync.writeStatus(next);
                    } catch (RuntimeException ignored) {
                        // The create failure is what gets retried; a stale status write is not worth reporting over it.
                    }
                }
                sync.events.event(sync.d, EventRecorder.WARNING, DeploymentConditions.FAILED_RS_CREATE, msg);
                throw e;
            }
        }
        if (!alreadyExisted && size > 0) {
            sync.events.eventf(sync.d, EventRecorder.NORMAL, "ScalingReplicaSet", "Scaled up replica set %s from 0 to %d",
                    created.getMetadata().getName(), size);
        }
        sync.replicaSets.add(created);
        sync.syncRevision(newRevision);
        if (!alreadyExisted && DeploymentConditions.hasProgressDeadline(sync.d)) {
            DeploymentStatus next = statusCopy(sync.d);
            DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "True",
                    DeploymentConditions.NEW_RS_CREATED, "Created new replica set \"" + created.getMetadata().getName() + "\"",
                    sync.now()));
            sync.writeStatus(next);
        }
        return created;
    }

    private static ReplicaSet syncExisting(DeploymentSync sync, ReplicaSet existing, String newRevision) {
        Deployment d = sync.d;
        ReplicaSet copy = Serialization.clone(existing);
        boolean annotationsChanged = RevisionAnnotations.setNewReplicaSetAnnotations(d, copy, newRevision, true);
        int minReady = d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds();
        int rsMinReady = copy.getSpec().getMinReadySeconds() == null ? 0 : copy.getSpec().getMinReadySeconds();
        if (annotationsChanged || minReady != rsMinReady) {
            copy.getSpec().setMinReadySeconds(minReady);
            ReplicaSet written = sync.api.update(copy);
            existing.setMetadata(written.getMetadata());
            existing.setSpec(written.getSpec());
            return existing;
        }
        sync.syncRevision(RevisionAnnotations.annotations(existing).get(RevisionAnnotations.REVISION));
        if (DeploymentConditions.hasProgressDeadline(sync.d)
                && DeploymentConditions.get(sync.d.getStatus(), DeploymentConditions.PROGRESSING) == null) {
            DeploymentStatus next = statusCopy(sync.d);
            DeploymentConditions.set(next, DeploymentConditions.of(DeploymentConditions.PROGRESSING, "True",
                    DeploymentConditions.FOUND_NEW_RS, "Found new replica set \"" + existing.getMetadata().getName() + "\"",
                    sync.now()));
            sync.writeStatus(next);
        }
        return existing;
    }

    private static void recordCollision(DeploymentSync sync) {
        DeploymentStatus next = statusCopy(sync.d);
        next.setCollisionCount(next.getCollisionCount() == null ? 1 : next.getCollisionCount() + 1);
        sync.writeStatus(next);
    }

    private static DeploymentStatus statusCopy(Deployment d) {
        return d.getStatus() == null ? new DeploymentStatus() : Serialization.clone(d.getStatus());
    }

    private static ReplicaSet build(Deployment d, String hash) {
        PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        Map<String, String> labels = new HashMap<>(Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of()));
        labels.put(PodTemplateHash.LABEL, hash);
        template.getMetadata().setLabels(labels);
        LabelSelector selector = Serialization.clone(d.getSpec().getSelector());
        Map<String, String> matchLabels = new HashMap<>(Objects.requireNonNullElse(selector.getMatchLabels(), Map.of()));
        matchLabels.put(PodTemplateHash.LABEL, hash);
        selector.setMatchLabels(matchLabels);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(d.getMetadata().getName() + "-" + hash);
        meta.setNamespace(d.getMetadata().getNamespace());
        meta.setOwnerReferences(new ArrayList<>(List.of(ControllerRefs.newControllerRef(d))));
        meta.setLabels(new HashMap<>(labels));
        ReplicaSetSpec spec = new ReplicaSetSpec();
        spec.setReplicas(0);
        spec.setMinReadySeconds(d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds());
        spec.setSelector(selector);
        spec.setTemplate(template);
        ReplicaSet rs = new ReplicaSet();
        rs.setApiVersion("apps/v1");
        rs.setKind("ReplicaSet");
        rs.setMetadata(meta);
        rs.setSpec(spec);
        return rs;
    }
}
