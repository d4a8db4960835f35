package io.kube4j.kubelet.gc;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image garbage collection as upstream's image GC manager does it. Each detection records, per
 * image id, when it was first seen and when it was last used by a container (any container the
 * runtime still has, running or not, uses its image). {@link #garbageCollect()} looks at the image
 * filesystem: at or above the high threshold it frees {@code capacity × (100 − low) / 100 −
 * available} bytes by removing unused images, least recently used first (then first detected
 * first), skipping any first seen less than the minimum age ago. Images in use are never removed.
 *
 * <p>Thread-safe (one collection at a time). The runtime belongs to the caller.
 */
public final class ImageGc {

    private static final Logger LOG = LoggerFactory.getLogger(ImageGc.class);

    /** What the collector knows of one image. */
    record ImageRecord(String id, Instant firstDetected, Instant lastUsed, long sizeBytes) {}

    /** What a collection did: bytes it had to free (0 below the threshold), bytes freed, images removed. */
    public record Result(long bytesToFree, long bytesFreed, List<String> removed) {
        public Result {
            removed = List.copyOf(removed);
        }

        /** Whether it freed what it had to. */
        public boolean sufficient() {
            return bytesFreed >= bytesToFree;
        }
    }

    private final ContainerRuntime runtime;
    private final ImageGcPolicy policy;
    private final InstantSource clock;
    private final Map<String, ImageRecord> records = new HashMap<>();

    public ImageGc(ContainerRuntime runtime, ImageGcPolicy policy, InstantSource clock) {
        this.runtime = runtime;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Records the images present now and which are in use; forgets images that are gone.
     *
     * @return the ids of the images containers use
     */
    public synchronized Set<String> detectImages(Instant detectTime) {
        Set<String> inUse = new HashSet<>();
        for (ContainerStatus c : runtime.listContainers()) {
            if (c.imageId() != null) {
                inUse.add(c.imageId());
            }
        }
        Instant now = clock.instant();
        Set<String> current = new HashSet<>();
        for (ImageStatus image : runtime.images().list()) {
            current.add(image.id());
            ImageRecord old = records.get(image.id());
            Instant first = old == null ? detectTime : old.firstDetected();
            Instant lastUsed = inUse.contains(image.id()) ? now : old == null ? null : old.lastUsed();
            records.put(image.id(), new ImageRecord(image.id(), first, lastUsed, image.sizeBytes()));
        }
        records.keySet().retainAll(current);
        return inUse;
    }

    /**
     * Frees space if the image filesystem is at or above the high threshold.
     *
     * @throws IllegalStateException if the image filesystem reports no capacity
     */
    public synchronized Result garbageCollect() {
        ImageService.ImageFsUsage usage = runtime.images().usage();
        long capacity = usage.capacityBytes();
        long available = Math.min(usage.availableBytes(), capacity);
        if (capacity <= 0) {
            throw new IllegalStateException("invalid capacity 0 on image filesystem");
        }
        int usagePercent = 100 - (int) (available * 100 / capacity);
        if (usagePercent < policy.highThresholdPercent()) {
            detectImages(clock.instant());
            return new Result(0, 0, List.of());
        }
        long toFree = capacity * (100 - policy.lowThresholdPercent()) / 100 - available;
        LOG.info("image filesystem {}% used (high threshold {}%): freeing {} bytes", usagePercent, policy.highThresholdPercent(), toFree);
        return freeSpace(toFree, clock.instant());
    }

    /** Removes every unused image old enough (the eviction manager's reclaim of image filesystem space). */
    public synchronized Result deleteUnusedImages() {
        return freeSpace(Long.MAX_VALUE, clock.instant());
    }

    /** Removes unused images, least recently used first, until {@code bytesToFree} are freed. */
    synchronized Result freeSpace(long bytesToFree, Instant freeTime) {
        Set<String> inUse = detectImages(freeTime);
        List<ImageRecord> candidates = new ArrayList<>();
        for (ImageRecord r : records.values()) {
            if (!inUse.contains(r.id())) {
                candidates.add(r);
            }
        }
        candidates.sort(evictionOrder());
        long freed = 0;
        List<String> removed = new ArrayList<>();
        for (ImageRecord r : candidates) {
            if (r.lastUsed() != null && !r.lastUsed().isBefore(freeTime)) {
                continue; // used in this very detection
            }
            if (java.time.Duration.between(r.firstDetected(), freeTime).compareTo(policy.minAge()) < 0) {
                continue; // maybe just pulled for a container about to start
            }
            try {
                remove(r.id());
            } catch (RuntimeException e) {
                LOG.warn("image {} not removed: {}", r.id(), e.getMessage());
                continue;
            }
            records.remove(r.id());
            removed.add(r.id());
            freed += r.sizeBytes();
            if (freed >= bytesToFree) {
                break;
            }
        }
        return new Result(bytesToFree, freed, removed);
    }

    /** Least recently used first (never used counts as oldest), then first detected first. */
    static Comparator<ImageRecord> evictionOrder() {
        return Comparator.comparing((ImageRecord r) -> r.lastUsed() == null ? Instant.MIN : r.lastUsed())
                .thenComparing(ImageRecord::firstDetected);
    }

    /** Removes the image by id; if only a tag went, removes its other names too (CRI's RemoveImage removes the image). */
    private void remove(String id) {
        ImageService images = runtime.images();
        var before = images.image(id);
        images.remove(id);
        var after = images.image(id);
        if (after.isPresent()) {
            for (String name : after.get().repoTags()) {
                images.remove(name);
            }
            for (String name : after.get().repoDigests()) {
                images.remove(name);
            }
        }
        LOG.info("removed image {} ({})", id, before.map(i -> String.join(",", i.repoTags())).orElse(""));
    }

    /** What the collector knows now, for tests and diagnostics. */
    synchronized Map<String, ImageRecord> records() {
        return Map.copyOf(records);
    }
}
