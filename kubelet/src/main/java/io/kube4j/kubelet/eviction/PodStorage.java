package io.kube4j.kubelet.eviction;

import java.util.Map;

/**
 * A pod's ephemeral-storage use, as upstream's summary stats give it to the eviction manager.
 *
 * @param emptyDirs disk-backed emptyDir volumes by name
 * @param containerRootfs each container's writable layer (its newest instance), by container name
 * @param containerLogs each container's log files, by container name
 */
public record PodStorage(Map<String, DiskUsage> emptyDirs, Map<String, DiskUsage> containerRootfs, Map<String, DiskUsage> containerLogs) {

    public PodStorage {
        emptyDirs = Map.copyOf(emptyDirs);
        containerRootfs = Map.copyOf(containerRootfs);
        containerLogs = Map.copyOf(containerLogs);
    }

    /** A container's writable layer plus its logs (upstream's per-container ephemeral storage). */
    public DiskUsage container(String name) {
        return containerRootfs.getOrDefault(name, DiskUsage.ZERO).plus(containerLogs.getOrDefault(name, DiskUsage.ZERO));
    }

    /** What a disk signal's ranking measures (upstream's fsStatsToMeasure). */
    public enum Part { ALL, LOGS_AND_VOLUMES, ROOTFS }

    /** The sum of one part of the pod's use. */
    public DiskUsage of(Part part) {
        return switch (part) {
            case ALL -> total();
            case ROOTFS -> sum(containerRootfs);
            case LOGS_AND_VOLUMES -> sum(containerLogs).plus(sum(emptyDirs));
        };
    }

    private static DiskUsage sum(Map<String, DiskUsage> parts) {
        DiskUsage sum = DiskUsage.ZERO;
        for (DiskUsage u : parts.values()) {
            sum = sum.plus(u);
        }
        return sum;
    }

    /** Everything the pod uses: its containers' layers and logs and its emptyDirs (upstream's pod EphemeralStorage). */
    public DiskUsage total() {
        DiskUsage sum = DiskUsage.ZERO;
        for (DiskUsage u : emptyDirs.values()) {
            sum = sum.plus(u);
        }
        for (DiskUsage u : containerRootfs.values()) {
            sum = sum.plus(u);
        }
        for (DiskUsage u : containerLogs.values()) {
            sum = sum.plus(u);
        }
        return sum;
    }
}
