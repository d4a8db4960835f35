package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods' ephemeral storage on this host, walked as upstream's du: disk-backed emptyDirs under
 * {@code PODS/UID/volumes/kubernetes.io~empty-dir/NAME}, each container's writable layer (the
 * runtime's {@link ContainerRuntime#writableLayer}, the latest created instance per name) and its logs under
 * {@code LOGS/NS_NAME_UID/CONTAINER/}. Each {@link #measure} is one pass bounded by
 * {@code maxEntries} and {@code maxTime} (see {@link DirectoryWalker}). Thread-safe.
 */
public final class HostPodStorage implements PodStorageSource {

    private static final Logger LOG = LoggerFactory.getLogger(HostPodStorage.class);
    /** Upstream's eviction manager cadence leaves room for a pass of a few seconds; so does this budget. */
    public static final long DEFAULT_MAX_ENTRIES = 2_000_000;
    public static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(5);

    private final ContainerRuntime runtime;
    private final Path podsDir;
    private final Path podLogsDir;
    private final long maxEntries;
    private final Duration maxTime;

    public HostPodStorage(ContainerRuntime runtime, Path podsDir, Path podLogsDir) {
        this(runtime, podsDir, podLogsDir, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_TIME);
    }

    public HostPodStorage(ContainerRuntime runtime, Path podsDir, Path podLogsDir, long maxEntries, Duration maxTime) {
        this.runtime = runtime;
        this.podsDir = podsDir;
        this.podLogsDir = podLogsDir;
        this.maxEntries = maxEntries;
        this.maxTime = maxTime;
    }

    @Override
    public Map<String, PodStorage> measure(List<Pod> pods) {
        DirectoryWalker walker = new DirectoryWalker(maxEntries, maxTime);
        Map<String, ContainerStatus> newest = newestInstances();
        Map<String, PodStorage> out = new HashMap<>();
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            if (uid == null) {
                continue;
            }
            Map<String, DiskUsage> emptyDirs = new HashMap<>();
            for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
                if (v.getEmptyDir() != null && !"Memory".equals(v.getEmptyDir().getMedium())) {
                    emptyDirs.put(v.getName(), walker.measure(podsDir.resolve(uid).resolve("volumes").resolve("kubernetes.io~empty-dir")
                            .resolve(v.getName())));
                }
            }
            Map<String, DiskUsage> rootfs = new HashMap<>();
            Map<String, DiskUsage> logs = new HashMap<>();
            Path podLogs = podLogsDir.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName() + "_" + uid);
            for (String name : PodRequests.containerNames(pod)) {
                ContainerStatus c = newest.get(uid + "/" + name);
                DiskUsage layer = DiskUsage.ZERO;
                if (c != null) {
                    layer = runtime.writableLayer(c.id()).map(walker::measure).orElse(DiskUsage.ZERO);
                }
                rootfs.put(name, layer);
                logs.put(name, walker.measure(podLogs.resolve(name)));
            }
            out.put(uid, new PodStorage(emptyDirs, rootfs, logs));
        }
        if (walker.exhausted()) {
            LOG.warn("ephemeral-storage pass stopped after {} entries or {}: figures are lower bounds", maxEntries, maxTime);
        }
        return out;
    }

    /**
     * Whether two directories (or their nearest existing ancestors) are on different filesystems:
     * the kubelet's root and the image store, to tell a dedicated imagefs. False when it cannot tell.
     */
    public static boolean separateFileSystems(Path a, Path b) {
        try {
            Object da = java.nio.file.Files.getAttribute(existing(a), "unix:dev");
            Object db = java.nio.file.Files.getAttribute(existing(b), "unix:dev");
            return !da.equals(db);
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Path existing(Path dir) {
        Path d = dir.toAbsolutePath();
        while (d.getParent() != null && !java.nio.file.Files.exists(d)) {
            d = d.getParent();
        }
        return d;
    }

    /** "podUid/containerName" → its newest instance (latest created). */
    private Map<String, ContainerStatus> newestInstances() {
        Map<String, ContainerStatus> out = new HashMap<>();
        for (ContainerStatus c : runtime.listContainers()) {
            String uid = c.labels().get(RuntimeLabels.POD_UID);
            if (uid == null) {
                continue;
            }
            String name = c.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, c.name());
            // upstream's stats keep the most recently created instance of each name
            out.merge(uid + "/" + name, c, (a, b) -> b.state().createdAt().isAfter(a.state().createdAt()) ? b : a);
        }
        return out;
    }
}
