package io.kube4j.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Keys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pod creations and deletions of one Job sync, with their expectations and Events
 * (SuccessfulCreate, FailedCreate, SuccessfulDelete, FailedDelete). The first failure is kept in
 * {@link #error} so that the sync still writes status before it fails and is retried. Not
 * thread-safe: one per sync.
 */
final class JobPodWrites {

    private final JobController ctl;
    private final String key;
    private final Job job;
    /** UIDs whose tracking finalizer this sync removed already. */
    final Set<String> finalizerRemoved = new HashSet<>();
    RuntimeException error;

    JobPodWrites(JobController ctl, String key, Job job) {
        this.ctl = ctl;
        this.key = key;
        this.job = job;
    }

    /**
     * Creates {@code count} pods ({@code indexes} gives their completion indexes for an Indexed
     * Job, else null); stops at the first failure, as upstream's slow start stops a batch.
     *
     * @return how many were created
     */
    int create(int count, List<Integer> indexes) {
        ctl.expectations.expectCreations(key, count);
        int created = 0;
        for (int i = 0; i < count; i++) {
            if (error != null) {
                ctl.expectations.creationObserved(key);
                continue;
            }
            Pod pod = JobPods.newPod(job, indexes == null ? null : indexes.get(i));
            try {
                Pod stored = ctl.api.create(pod);
                created++;
                ctl.events.event(job, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: " + stored.getMetadata().getName());
            } catch (RuntimeException e) {
                ctl.expectations.creationObserved(key);
                if (ApiErrors.namespaceTerminating(e)) {
                    continue;
                }
                ctl.events.event(job, EventRecorder.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                error = e;
            }
        }
        return created;
    }

    /**
     * Deletes {@code victims}, each after removing its tracking finalizer so that a pod the
     * controller deletes is not counted as a failure.
     *
     * @return how many were deleted
     */
    int delete(List<Pod> victims) {
        if (victims.isEmpty()) {
            return 0;
        }
        Set<String> podKeys = new HashSet<>();
        victims.forEach(p -> podKeys.add(Keys.of(p)));
        ctl.expectations.expectDeletions(key, podKeys);
        int deleted = 0;
        for (Pod pod : new ArrayList<>(victims)) {
            try {
                removeFinalizer(pod);
                ctl.api.delete(Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        Api.Deletion.uid(pod.getMetadata().getUid()));
                deleted++;
                ctl.events.event(job, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } catch (RuntimeException e) {
                ctl.expectations.deletionObserved(key, Keys.of(pod));
                if (!ApiErrors.notFound(e)) {
                    ctl.events.event(job, EventRecorder.WARNING, "FailedDelete", "Error deleting: " + e.getMessage());
                    if (error == null) {
                        error = e;
                    }
                }
            }
        }
        return deleted;
    }

    /** Removes the tracking finalizer once per sync, expecting the cache to show it. */
    boolean removeFinalizer(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (finalizerRemoved.contains(uid) || !JobPods.hasFinalizer(pod)) {
            return true;
        }
        ctl.finalizerRemovals.expect(key, uid);
        boolean present;
        try {
            present = ctl.removeFinalizer(pod);
        } catch (RuntimeException e) {
            ctl.finalizerRemovals.observed(key, uid);
            throw e;
        }
        finalizerRemoved.add(uid);
        if (!present) {
            ctl.finalizerRemovals.observed(key, uid);
        }
        return true;
    }
}
