package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's EndpointSliceTracker, the EndpointSlice controller's expectations: the generation of
 * every slice it wrote and the slices it deleted, per service, so that a sync on an informer cache
 * that has not caught up with those writes is refused (and retried) rather than acted on twice.
 * Thread-safe.
 */
final class SliceTracker {

    /** Marks a slice whose deletion was requested and not yet seen. */
    private static final long DELETION_EXPECTED = -1;

    private final ConcurrentHashMap<String, Map<String, Long>> byService = new ConcurrentHashMap<>();

    /** Records a slice as written with its server-assigned generation. */
    void written(String serviceKey, EndpointSlice slice) {
        Long generation = slice.getMetadata().getGeneration();
        byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getUid(), generation == null ? 0 : generation);
    }

    void deletionRequested(String serviceKey, EndpointSlice slice) {
        byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(slice.getMetadata().getUid(), DELETION_EXPECTED);
    }

    /** The informer saw the slice go. */
    void deleted(String serviceKey, EndpointSlice slice) {
        Map<String, Long> slices = byService.get(serviceKey);
        if (slices != null) {
            slices.remove(slice.getMetadata().getUid());
        }
    }

    void forgetService(String serviceKey) {
        byService.remove(serviceKey);
    }

    /**
     * Whether {@code cached} (the service's slices in the cache) lag behind our writes: a slice older
     * than we wrote it, one we deleted still there, or one we created not there yet.
     */
    boolean stale(String serviceKey, Collection<EndpointSlice> cached) {
        Map<String, Long> slices = byService.get(serviceKey);
        if (slices == null || slices.isEmpty()) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (EndpointSlice s : cached) {
            String uid = s.getMetadata().getUid();
            seen.add(uid);
            Long expected = slices.get(uid);
            if (expected == null) {
                continue;
            }
            long generation = s.getMetadata().getGeneration() == null ? 0 : s.getMetadata().getGeneration();
            if (expected == DELETION_EXPECTED || generation < expected) {
                return true;
            }
        }
        for (var e : slices.entrySet()) {
            if (e.getValue() != DELETION_EXPECTED && !seen.contains(e.getKey())) {
                return true;
            }
        }
        return false;
    }
}
