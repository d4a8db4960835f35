package io.kube4j.kubelet.eviction;

import io.kube4j.kubelet.node.MachineInfo;
import io.kube4j.runtime.ImageService;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals of this host, observed as upstream's summary provider does:
 * <ul>
 *   <li>memory.available = MemTotal − the root memory cgroup's working set (usage − inactive file
 *       pages) on cgroup v1; on cgroup v2, whose root has no usage file, MemAvailable;</li>
 *   <li>nodefs.available and nodefs.inodesFree of the filesystem holding the kubelet's root directory;</li>
 *   <li>imagefs.available of the image filesystem ({@link ImageService#usage()});</li>
 *   <li>pid.available = min(pid_max, threads-max) − the tasks the kernel runs now.</li>
 * </ul>
 * Thread-safe; a signal that cannot be read is left out of the observations.
 */
public final class HostSignals implements SignalSource {

    private static final Logger LOG = LoggerFactory.getLogger(HostSignals.class);

    private final Path hostRoot;
    private final Path rootDir;
    private final ImageService images;

    /**
     * @param hostRoot where /proc and /sys are read ("/")
     * @param rootDir the kubelet's root directory (nodefs)
     * @param images the image store (imagefs), or null to leave imagefs out
     */
    public HostSignals(Path hostRoot, Path rootDir, ImageService images) {
        this.hostRoot = hostRoot;
        this.rootDir = rootDir;
        this.images = images;
    }

    @Override
    public Map<Signal, Observation> observe() {
        Map<Signal, Observation> out = new EnumMap<>(Signal.class);
        memory().ifPresent(o -> out.put(Signal.MEMORY_AVAILABLE, o));
        try {
            FileStore store = Files.getFileStore(existing(rootDir));
            out.put(Signal.NODEFS_AVAILABLE, new Observation(store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException e) {
            LOG.debug("nodefs not observed: {}", e.getMessage());
        }
        inodes().ifPresent(o -> out.put(Signal.NODEFS_INODES_FREE, o));
        if (images != null) {
            try {
                ImageService.ImageFsUsage u = images.usage();
                out.put(Signal.IMAGEFS_AVAILABLE, new Observation(u.availableBytes(), u.capacityBytes()));
            } catch (RuntimeException e) {
                LOG.debug("imagefs not observed: {}", e.getMessage());
            }
        }
        pids().ifPresent(o -> out.put(Signal.PID_AVAILABLE, o));
        return out;
    }

    Optional<Observation> memory() {
        String meminfo = read(hostRoot.resolve("proc/meminfo"));
        if (meminfo == null) {
            return Optional.empty();
        }
        long total = MachineInfo.meminfoBytes(meminfo, "MemTotal").orElse(0L);
        if (total == 0) {
            return Optional.empty();
        }
        boolean v2 = Files.exists(hostRoot.resolve("sys/fs/cgroup/cgroup.controllers"));
        if (!v2) {
            String usage = read(hostRoot.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes"));
            String stat = read(hostRoot.resolve("sys/fs/cgroup/memory/memory.stat"));
            if (usage != null && stat != null) {
                long workingSet = workingSet(Long.parseLong(usage.trim()), stat, "total_inactive_file");
                return Optional.of(new Observation(total - workingSet, total));
            }
        }
        return MachineInfo.meminfoBytes(meminfo, "MemAvailable").map(a -> new Observation(a, total));
    }

    /** usage − inactive file pages, never negative (cAdvisor's working set). */
    static long workingSet(long usage, String memoryStat, String inactiveKey) {
        long inactive = 0;
        for (String line : memoryStat.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(inactiveKey)) {
                inactive = Long.parseLong(parts[1]);
            }
        }
        return Math.max(0, usage - inactive);
    }

    Optional<Observation> pids() {
        String max = read(hostRoot.resolve("proc/sys/kernel/pid_max"));
        String threads = read(hostRoot.resolve("proc/sys/kernel/threads-max"));
        String loadavg = read(hostRoot.resolve("proc/loadavg"));
        if (max == null || loadavg == null) {
            return Optional.empty();
        }
        long limit = threads == null ? Long.parseLong(max.trim()) : Math.min(Long.parseLong(max.trim()), Long.parseLong(threads.trim()));
        return runningTasks(loadavg).map(running -> new Observation(limit - running, limit));
    }

    /** The fourth field of /proc/loadavg is "runnable/total": total is every task (thread) the kernel has. */
    static Optional<Long> runningTasks(String loadavg) {
        String[] fields = loadavg.trim().split("\\s+");
        if (fields.length < 4 || !fields[3].contains("/")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(fields[3].substring(fields[3].indexOf('/') + 1)));
    }

    /** Free and total inodes of nodefs, from stat(1) (the JDK does not expose statvfs's inode counts). */
    private Optional<Observation> inodes() {
        try {
            Process p = new ProcessBuilder("stat", "-f", "-c", "%c %d", existing(rootDir).toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String[] parts = out.split("\\s+");
            long total = Long.parseLong(parts[0]);
            long free = Long.parseLong(parts[1]);
            // filesystems without a fixed inode table (btrfs) report 0: nothing to observe
            return total == 0 ? Optional.empty() : Optional.of(new Observation(free, total));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Path existing(Path dir) {
        Path d = dir.toAbsolutePath();
        while (d.getParent() != null && !Files.exists(d)) {
            d = d.getParent();
        }
        return d;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
