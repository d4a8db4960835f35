package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The host's cgroup file system, v1 (one hierarchy per controller, possibly hybrid) or v2
 * (unified, detected by {@code cgroup.controllers} at its root): where a cgroup path lives, its
 * usage counters, and removal of a cgroup in every hierarchy. Immutable and thread-safe.
 *
 * @param root the cgroup mount root (/sys/fs/cgroup)
 * @param unified true on a cgroup v2 host
 */
public record Cgroups(Path root, boolean unified) {

    /** The host's cgroups under /sys/fs/cgroup. */
    public static Cgroups host() {
        Path root = Path.of("/sys/fs/cgroup");
        return new Cgroups(root, Files.exists(root.resolve("cgroup.controllers")));
    }

    /** CPU and memory counters of one cgroup. */
    public record Usage(long cpuNanos, long memoryUsage, long workingSet, long rss) {}

    /** The directories of {@code cgroupPath} ("/a/b") in every hierarchy that exists (one on v2). */
    public List<Path> directories(String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        if (unified) {
            return List.of(root.resolve(relative));
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> hierarchies = Files.list(root)) {
            for (Path h : hierarchies.sorted().toList()) {
                // "unified" is the hybrid v2 mount; skip symlinks (cpu -> cpu,cpuacct) to visit each once
                if (Files.isDirectory(h) && !Files.isSymbolicLink(h) && Files.exists(h.resolve("tasks"))) {
                    dirs.add(h.resolve(relative));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        Path hybrid = root.resolve("unified");
        if (Files.exists(hybrid.resolve("cgroup.controllers"))) {
            dirs.add(hybrid.resolve(relative));
        }
        return dirs;
    }

    /** The cgroup's CPU and memory use, empty if it does not exist. */
    public java.util.Optional<Usage> usage(String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        if (unified) {
            Path dir = root.resolve(relative);
            if (!Files.isDirectory(dir)) {
                return java.util.Optional.empty();
            }
            Map<String, Long> cpu = keyed(dir.resolve("cpu.stat"));
            Map<String, Long> mem = keyed(dir.resolve("memory.stat"));
            long usage = single(dir.resolve("memory.current")).orElse(0);
            long inactive = mem.getOrDefault("inactive_file", 0L);
            return java.util.Optional.of(new Usage(cpu.getOrDefault("usage_usec", 0L) * 1000, usage,
                    Math.max(0, usage - inactive), mem.getOrDefault("anon", 0L)));
        }
        Path memDir = root.resolve("memory").resolve(relative);
        Path cpuDir = controller("cpuacct").resolve(relative);
        if (!Files.isDirectory(memDir) && !Files.isDirectory(cpuDir)) {
            return java.util.Optional.empty();
        }
        Map<String, Long> mem = keyed(memDir.resolve("memory.stat"));
        long usage = single(memDir.resolve("memory.usage_in_bytes")).orElse(0);
        long inactive = mem.getOrDefault("total_inactive_file", 0L);
        return java.util.Optional.of(new Usage(single(cpuDir.resolve("cpuacct.usage")).orElse(0), usage,
                Math.max(0, usage - inactive), mem.getOrDefault("total_rss", 0L)));
    }

    /** How many times the kernel's OOM killer killed a process in the cgroup (0 if unknown). */
    public long oomKills(String cgroupPath) {
        String relative = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        if (unified) {
            return keyed(root.resolve(relative).resolve("memory.events")).getOrDefault("oom_kill", 0L);
        }
        return keyed(root.resolve("memory").resolve(relative).resolve("memory.oom_control")).getOrDefault("oom_kill", 0L);
    }

    /**
     * Removes the cgroup and everything below it in every hierarchy, deepest first. A cgroup that
     * still has processes stays (rmdir refuses it); returns the directories that could not be removed.
     */
    public List<Path> remove(String cgroupPath) {
        List<Path> left = new ArrayList<>();
        for (Path dir : directories(cgroupPath)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> tree;
            try (Stream<Path> walk = Files.walk(dir)) {
                tree = walk.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
            } catch (IOException e) {
                tree = List.of(dir);
            }
            for (Path d : tree) {
                try {
                    Files.delete(d); // rmdir: cgroup control files vanish with the directory
                } catch (IOException e) {
                    left.add(d);
                }
            }
        }
        return left;
    }

    private Path controller(String name) {
        Path direct = root.resolve(name);
        return Files.exists(direct) ? direct : root.resolve("cpu,cpuacct");
    }

    private static OptionalLong single(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Map<String, Long> keyed(Path file) {
        Map<String, Long> values = new java.util.HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    try {
                        values.put(parts[0], Long.parseLong(parts[1]));
                    } catch (NumberFormatException ignored) {
                        // not a counter
                    }
                }
            }
        } catch (IOException e) {
            return values;
        }
        return values;
    }
}
