package io.kube4j.kubelet.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the node's hardware and operating system are, read from the host's files the way cAdvisor
 * reads them for the upstream kubelet: online CPUs from {@code /proc/cpuinfo} (filtered by
 * {@code /sys/devices/system/cpu/online}), {@code MemTotal} from {@code /proc/meminfo}, the huge
 * page pools under {@code /sys/kernel/mm/hugepages}, the machine id, the DMI system UUID, the boot
 * id, the kernel release and {@code PRETTY_NAME} from {@code /etc/os-release}.
 *
 * @param cpus online logical CPUs
 * @param memoryBytes MemTotal
 * @param hugePages bytes reserved in each huge page pool, keyed by the resource name suffix ("2Mi", "1Gi")
 * @param systemUuid empty where the host has no DMI table (many VMs and containers)
 */
public record MachineInfo(
        int cpus,
        long memoryBytes,
        Map<String, Long> hugePages,
        String machineId,
        String systemUuid,
        String bootId,
        String kernelVersion,
        String osImage) {

    public MachineInfo {
        hugePages = Map.copyOf(hugePages);
    }

    /** Reads this host ({@code root} "/" in production; a directory holding sample files in tests). */
    public static MachineInfo read(Path root) {
        String cpuinfo = readOr(root.resolve("proc/cpuinfo"), "");
        Optional<String> online = optional(root.resolve("sys/devices/system/cpu/online"));
        int cpus = countOnlineCpus(cpuinfo, online.orElse(null));
        if (cpus == 0) {
            cpus = Runtime.getRuntime().availableProcessors();
        }
        long memory = memTotalBytes(readOr(root.resolve("proc/meminfo"), ""));
        String machineId = readOr(root.resolve("etc/machine-id"), "").trim();
        if (machineId.isEmpty()) {
            machineId = readOr(root.resolve("var/lib/dbus/machine-id"), "").trim();
        }
        String uuid = optional(root.resolve("sys/class/dmi/id/product_uuid"))
                .or(() -> optional(root.resolve("sys/devices/virtual/dmi/id/product_uuid")))
                .orElse("").trim();
        String bootId = readOr(root.resolve("proc/sys/kernel/random/boot_id"), "").trim();
        String kernel = readOr(root.resolve("proc/sys/kernel/osrelease"), System.getProperty("os.version")).trim();
        String osImage = prettyName(readOr(root.resolve("etc/os-release"), readOr(root.resolve("usr/lib/os-release"), "")));
        return new MachineInfo(cpus, memory, hugePages(root.resolve("sys/kernel/mm/hugepages")), machineId, uuid, bootId, kernel, osImage);
    }

    /**
     * Counts the processors {@code /proc/cpuinfo} lists that are also in the online list
     * ("0-3,6"), as cAdvisor does; without an online list, every listed processor counts.
     */
    static int countOnlineCpus(String cpuinfo, String onlineList) {
        TreeSet<Integer> online = onlineList == null ? null : parseCpuList(onlineList);
        int count = 0;
        for (String line : cpuinfo.split("\n")) {
            if (!line.startsWith("processor")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                int id = Integer.parseInt(line.substring(colon + 1).trim());
                if (online == null || online.contains(id)) {
                    count++;
                }
            } catch (NumberFormatException e) {
                // a "processor" line of another shape (some architectures): not a CPU entry
            }
        }
        return count;
    }

    /** Parses a kernel CPU list such as "0-3,6,8-9". */
    static TreeSet<Integer> parseCpuList(String list) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.add(Integer.parseInt(part.trim()));
            } else {
                int from = Integer.parseInt(part.substring(0, dash).trim());
                int to = Integer.parseInt(part.substring(dash + 1).trim());
                for (int i = from; i <= to && i - from < 65_536; i++) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    /** MemTotal in bytes (the file says kB, meaning KiB). */
    static long memTotalBytes(String meminfo) {
        return meminfoBytes(meminfo, "MemTotal").orElse(0L);
    }

    /** One field of {@code /proc/meminfo} in bytes. */
    public static Optional<Long> meminfoBytes(String meminfo, String field) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                return Optional.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
            }
        }
        return Optional.empty();
    }

    /** PRETTY_NAME, unquoted; "Linux" when the file has none (what os-release(5) says to assume). */
    static String prettyName(String osRelease) {
        for (String line : osRelease.split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                String v = line.substring("PRETTY_NAME=".length()).trim();
                if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) && v.endsWith(v.substring(0, 1))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "Linux";
    }

    /** Bytes in each pool: nr_hugepages × page size, keyed "2Mi" / "1Gi". */
    static Map<String, Long> hugePages(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var pools = Files.list(dir)) {
            for (Path pool : pools.toList()) {
                String name = pool.getFileName().toString();
                if (!name.startsWith("hugepages-") || !name.endsWith("kB")) {
                    continue;
                }
                long kb = Long.parseLong(name.substring("hugepages-".length(), name.length() - 2));
                long count = Long.parseLong(readOr(pool.resolve("nr_hugepages"), "0").trim());
                out.put(Quantities.binarySi(kb * 1024), count * kb * 1024);
            }
        } catch (IOException | NumberFormatException e) {
            return out;
        }
        return out;
    }

    private static Optional<String> optional(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static String readOr(Path file, String fallback) {
        return optional(file).orElse(fallback);
    }
}
