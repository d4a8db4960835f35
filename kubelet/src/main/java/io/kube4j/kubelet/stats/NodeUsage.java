package io.kube4j.kubelet.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's CPU and memory from {@code /proc} (the same on cgroup v1 and v2 hosts):
 * cumulative CPU time is every non-idle jiffy of {@code /proc/stat}'s {@code cpu} line (USER_HZ is
 * 100 on Linux: 10 ms each); memory from {@code /proc/meminfo} as cAdvisor reads the root
 * cgroup — usage = MemTotal − MemFree, working set = usage − Inactive(file), available =
 * MemAvailable, RSS = AnonPages. Stateless; reads the files on each call.
 *
 * @param procRoot {@code /proc}, or a directory laid out like it (tests)
 */
public record NodeUsage(Path procRoot) {

    private static final long NANOS_PER_JIFFY = 10_000_000L;

    /** One reading. */
    public record Reading(long cpuNanos, long memoryTotalBytes, long memoryUsageBytes, long workingSetBytes,
            long availableBytes, long rssBytes, long pageFaults, long majorPageFaults, Instant bootTime) {}

    /** Reads the node's usage now. */
    public Reading read() throws IOException {
        List<String> stat = Files.readAllLines(procRoot.resolve("stat"));
        long cpu = 0;
        Instant boot = Instant.EPOCH;
        for (String line : stat) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                // user nice system idle iowait irq softirq steal (guest time is inside user already)
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) {
                        cpu += Long.parseLong(f[i]);
                    }
                }
            } else if (f[0].equals("btime") && f.length > 1) {
                boot = Instant.ofEpochSecond(Long.parseLong(f[1]));
            }
        }
        Map<String, Long> mem = new HashMap<>();
        for (String line : Files.readAllLines(procRoot.resolve("meminfo"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] value = line.substring(colon + 1).trim().split("\\s+");
                try {
                    long n = Long.parseLong(value[0]);
                    mem.put(line.substring(0, colon), value.length > 1 && value[1].equals("kB") ? n * 1024 : n);
                } catch (NumberFormatException ignored) {
                    // Not a number: not a field we use.
                }
            }
        }
        long total = mem.getOrDefault("MemTotal", 0L);
        long usage = Math.max(0, total - mem.getOrDefault("MemFree", 0L));
        long workingSet = Math.max(0, usage - mem.getOrDefault("Inactive(file)", 0L));
        long faults = 0;
        long majorFaults = 0;
        Path vmstat = procRoot.resolve("vmstat");
        if (Files.exists(vmstat)) {
            for (String line : Files.readAllLines(vmstat)) {
                String[] f = line.split("\\s+");
                if (f.length == 2 && f[0].equals("pgfault")) {
                    faults = Long.parseLong(f[1]);
                } else if (f.length == 2 && f[0].equals("pgmajfault")) {
                    majorFaults = Long.parseLong(f[1]);
                }
            }
        }
        return new Reading(cpu * NANOS_PER_JIFFY, total, usage, workingSet, mem.getOrDefault("MemAvailable", 0L),
                mem.getOrDefault("AnonPages", 0L), faults, majorFaults, boot);
    }
}
