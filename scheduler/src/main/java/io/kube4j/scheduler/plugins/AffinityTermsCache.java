package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled (anti-)affinity terms of existing pods, kept while the scheduler sees the same Pod
 * object, so that a cycle does not recompile every existing pod's selectors (upstream compiles
 * them once, into its PodInfo). An entry is keyed by the pod's uid and valid only for the very
 * object it was compiled from: an updated pod (a new object) is compiled again. Pods without a
 * uid are compiled every time.
 *
 * <p>Thread-safe. Bounded: past {@link #MAX_ENTRIES} entries (deleted pods linger until then) the
 * cache starts over.
 */
final class AffinityTermsCache {

    static final int MAX_ENTRIES = 100_000;

    private record Entry(Pod pod, PodAffinityTerms terms) {
    }

    private final ConcurrentHashMap<String, Entry> byUid = new ConcurrentHashMap<>();

    /**
     * The terms of {@code pod}; a malformed one (the apiserver validates, so rare) contributes none.
     */
    PodAffinityTerms of(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (uid == null) {
            return compile(pod);
        }
        Entry e = byUid.get(uid);
        if (e != null && e.pod() == pod) {
            return e.terms();
        }
        PodAffinityTerms terms = compile(pod);
        if (byUid.size() >= MAX_ENTRIES) {
            byUid.clear();
        }
        byUid.put(uid, new Entry(pod, terms));
        return terms;
    }

    int size() {
        return byUid.size();
    }

    private static PodAffinityTerms compile(Pod pod) {
        try {
            return PodAffinityTerms.of(pod);
        } catch (IllegalArgumentException e) {
            return PodAffinityTerms.NONE;
        }
    }
}
