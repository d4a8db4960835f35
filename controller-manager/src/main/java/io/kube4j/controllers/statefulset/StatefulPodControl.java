package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.Objects;

/**
 * The writes of the StatefulSet controller on its pods and claims (upstream's
 * StatefulPodControl), each announced as an Event on the set with upstream's reasons
 * ({@code SuccessfulCreate}, {@code FailedCreate}, {@code SuccessfulDelete}, {@code FailedDelete},
 * {@code SuccessfulUpdate}, {@code FailedUpdate}). Claims are created before their pod; a claim
 * being deleted blocks its pod. Errors are rethrown after the Event. Thread-safe.
 */
final class StatefulPodControl {

    private final Api api;
    private final EventRecorder events;
    private final ObjectCache<PersistentVolumeClaim> claims;

    StatefulPodControl(Api api, EventRecorder events, ObjectCache<PersistentVolumeClaim> claims) {
        this.api = api;
        this.events = events;
        this.claims = claims;
    }

    void createPod(StatefulSet set, Pod pod) {
        createMissingClaims(set, pod);
        String podName = pod.getMetadata().getName();
        try {
            api.create(pod);
        } catch (RuntimeException e) {
            if (!ApiErrors.alreadyExists(e)) {
                events.eventf(set, EventRecorder.WARNING, "FailedCreate", "create Pod %s in StatefulSet %s failed error: %s",
                        podName, set.getMetadata().getName(), e.getMessage());
            }
            throw e;
        }
        events.eventf(set, EventRecorder.NORMAL, "SuccessfulCreate", "create Pod %s in StatefulSet %s successful",
                podName, set.getMetadata().getName());
    }

    void deletePod(StatefulSet set, Pod pod) {
        String podName = pod.getMetadata().getName();
        try {
            api.delete(Pod.class, pod.getMetadata().getNamespace(), podName, Api.Deletion.uid(pod.getMetadata().getUid()));
        } catch (RuntimeException e) {
            if (ApiErrors.notFound(e)) {
                return;
            }
            events.eventf(set, EventRecorder.WARNING, "FailedDelete", "delete Pod %s in StatefulSet %s failed error: %s",
                    podName, set.getMetadata().getName(), e.getMessage());
            throw e;
        }
        events.eventf(set, EventRecorder.NORMAL, "SuccessfulDelete", "delete Pod %s in StatefulSet %s successful",
                podName, set.getMetadata().getName());
    }

    /** Creates the pod's claims that do not exist yet, with the retention policy's owner references. */
    void createMissingClaims(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            PersistentVolumeClaim existing = claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing != null) {
                if (existing.getMetadata().getDeletionTimestamp() != null) {
                    throw new IllegalStateException("pvc " + claim.getMetadata().getName() + " is being deleted");
                }
                continue;
            }
            ClaimRetention.apply(claim, set, pod);
            try {
                api.create(claim);
            } catch (RuntimeException e) {
                if (ApiErrors.alreadyExists(e)) {
                    continue;
                }
                events.eventf(set, EventRecorder.WARNING, "FailedCreate", "create Claim %s for Pod %s in StatefulSet %s failed error: %s",
                        claim.getMetadata().getName(), pod.getMetadata().getName(), set.getMetadata().getName(), e.getMessage());
                throw e;
            }
            events.eventf(set, EventRecorder.NORMAL, "SuccessfulCreate", "create Claim %s Pod %s in StatefulSet %s success",
                    claim.getMetadata().getName(), pod.getMetadata().getName(), set.getMetadata().getName());
        }
    }

    /** Whether some existing claim of the pod is still owned by an earlier pod of its name. */
    boolean claimIsStale(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            PersistentVolumeClaim existing = claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing != null && ClaimRetention.stale(existing, pod)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every existing claim of the pod carries the owner references its policy asks for. */
    boolean claimsMatchRetention(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            PersistentVolumeClaim existing = claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing != null && !ClaimRetention.matches(existing, set, pod)) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites the owner references of the pod's existing claims to follow the policy. */
    void fixClaimRetention(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            PersistentVolumeClaim existing = claims.get(claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing == null) {
                continue;
            }
            PersistentVolumeClaim copy = Serialization.clone(existing);
            if (ClaimRetention.apply(copy, set, pod)) {
                api.update(copy);
            }
        }
    }

    /**
     * Restores the pod's identity labels, creates its missing claims and fixes their owner references
     * (upstream's UpdateStatefulPod; the pod spec is immutable, so only labels are rewritten).
     */
    void updatePod(StatefulSet set, Pod pod) {
        Pod copy = Serialization.clone(pod);
        if (!StatefulPods.identityMatches(set, copy)) {
            copy.getMetadata().getLabels().put(StatefulPods.POD_NAME_LABEL, copy.getMetadata().getName());
            copy.getMetadata().getLabels().put(StatefulPods.POD_INDEX_LABEL, Integer.toString(StatefulPods.ordinal(copy)));
        }
        createMissingClaims(set, copy);
        fixClaimRetention(set, copy);
        if (Objects.equals(copy.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
            return;
        }
        try {
            api.update(copy);
        } catch (RuntimeException e) {
            events.eventf(set, EventRecorder.WARNING, "FailedUpdate", "update Pod %s in StatefulSet %s failed error: %s",
                    pod.getMetadata().getName(), set.getMetadata().getName(), e.getMessage());
            throw e;
        }
        events.eventf(set, EventRecorder.NORMAL, "SuccessfulUpdate", "update Pod %s in StatefulSet %s successful",
                pod.getMetadata().getName(), set.getMetadata().getName());
    }
}
