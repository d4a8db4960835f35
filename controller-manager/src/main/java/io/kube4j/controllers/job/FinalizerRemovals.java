package io.kube4j.controllers.job;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods (by UID) whose tracking finalizer a Job's sync removed but whose update the pod cache
 * has not shown yet (upstream's finalizer expectations): they were counted already and must not
 * be counted again from a stale cache. Thread-safe.
 */
final class FinalizerRemovals {

    private final ConcurrentHashMap<String, Set<String>> byJob = new ConcurrentHashMap<>();

    void expect(String jobKey, String podUid) {
        byJob.computeIfAbsent(jobKey, k -> ConcurrentHashMap.newKeySet()).add(podUid);
    }

    void observed(String jobKey, String podUid) {
        Set<String> uids = byJob.get(jobKey);
        if (uids != null) {
            uids.remove(podUid);
        }
    }

    Set<String> pending(String jobKey) {
        Set<String> uids = byJob.get(jobKey);
        return uids == null ? Set.of() : Set.copyOf(uids);
    }

    void forget(String jobKey) {
        byJob.remove(jobKey);
    }
}
