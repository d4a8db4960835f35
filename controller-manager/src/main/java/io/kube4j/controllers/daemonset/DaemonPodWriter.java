package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Expectations;
import io.kube4j.controllers.machinery.Keys;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Creates and deletes a DaemonSet's pods (upstream's syncNodes): at most 250 of each per sync,
 * creations in slow-start batches (1, 2, 4, ...) stopping at the first failed batch, each write
 * announced to the expectations before it is made and recorded as an Event
 * ({@code SuccessfulCreate}, {@code FailedCreate}, {@code SuccessfulDelete}, {@code FailedDelete}).
 * Thread-safe; the first failure is rethrown after the rest were tried, so the sync is retried.
 */
final class DaemonPodWriter {

    static final int BURST_REPLICAS = 250;

    private final Api api;
    private final EventRecorder events;
    private final Expectations creations;
    private final Expectations deletions;

    DaemonPodWriter(Api api, EventRecorder events, Expectations creations, Expectations deletions) {
        this.api = api;
        this.events = events;
        this.creations = creations;
        this.deletions = deletions;
    }

    void sync(DaemonSet ds, List<String> podsToDelete, List<String> nodesToCreate, String hash) {
        String key = Keys.of(ds);
        String ns = ds.getMetadata().getNamespace();
        int createCount = Math.min(nodesToCreate.size(), BURST_REPLICAS);
        List<String> deleting = podsToDelete.subList(0, Math.min(podsToDelete.size(), BURST_REPLICAS));
        Set<String> deleteKeys = new HashSet<>();
        deleting.forEach(name -> deleteKeys.add(Keys.of(ns, name)));
        creations.expectCreations(key, createCount);
        deletions.expectDeletions(key, deleteKeys);
        RuntimeException failure = null;
        int pos = 0;
        int batch = Math.min(createCount, 1);
        while (pos < createCount) {
            boolean batchFailed = false;
            for (int i = pos; i < pos + batch; i++) {
                String node = nodesToCreate.get(i);
                try {
                    Pod created = api.create(DaemonPods.forNode(ds, node, hash));
                    events.eventf(ds, EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: %s", created.getMetadata().getName());
                } catch (RuntimeException e) {
                    creations.creationObserved(key);
                    if (ApiErrors.namespaceTerminating(e)) {
                        return;
                    }
                    events.eventf(ds, EventRecorder.WARNING, "FailedCreate", "Error creating: %s", e.getMessage());
                    batchFailed = true;
                    failure = failure == null ? e : failure;
                }
            }
            pos += batch;
            if (batchFailed) {
                // The pods of later batches were never tried: expect them no more.
                for (int i = pos; i < createCount; i++) {
                    creations.creationObserved(key);
                }
                break;
            }
            batch = Math.min(2 * batch, createCount - pos);
        }
        for (String name : deleting) {
            try {
                api.delete(Pod.class, ns, name, Api.Deletion.DEFAULT);
                events.eventf(ds, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: %s", name);
            } catch (RuntimeException e) {
                deletions.deletionObserved(key, Keys.of(ns, name));
                if (!ApiErrors.notFound(e)) {
                    events.eventf(ds, EventRecorder.WARNING, "FailedDelete", "Error deleting: %s", e.getMessage());
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
