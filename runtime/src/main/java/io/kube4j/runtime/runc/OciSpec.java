package io.kube4j.runtime.runc;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.linux.PodNamespaces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a container's OCI runtime spec (config.json) from its {@link ContainerConfig}, its
 * image's config and its sandbox, with upstream containerd's defaults: capabilities, masked and
 * read-only paths, the standard mounts, and the RuntimeDefault seccomp profile. Stateless.
 */
final class OciSpec {

    /** containerd's default capability set for unprivileged containers. */
    static final List<String> DEFAULT_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
            "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

    /** Every capability the kernel defines, in number order (for privileged containers and "ALL"). */
    static final List<String> ALL_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER",
            "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST",
            "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE",
            "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
            "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private OciSpec() {}

    /**
     * @param rootfs the container's mounted overlay root
     * @param sandboxDir the sandbox's directory (namespaces under ns/, hosts, resolv.conf, hostname)
     * @param oomScoreAdjFloor the lowest oom_score_adj this host accepts
     * @param hostCapabilities the capabilities we hold ourselves: "all" for a privileged container
     */
    static Map<String, Object> build(ContainerRecord container, SandboxRecord sandbox, ImageConfig image, Path rootfs,
            Path sandboxDir, int oomScoreAdjFloor, List<String> hostCapabilities, JsonMapper json) {
        ContainerConfig config = container.config();
        ContainerConfig.Security security = config.security();
        if (security.appArmorProfile() != null && !security.appArmorProfile().isEmpty()
                && !security.appArmorProfile().equals("unconfined")) {
            throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "AppArmor profile " + security.appArmorProfile()
                    + " requested, but AppArmor is not enabled on this host");
        }
        ImageUsers.Identity identity = ImageUsers.resolve(rootfs, image.user(), security.runAsUser(),
                security.runAsGroup(), security.supplementalGroups());

        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", config.tty());
        process.put("user", Map.of("uid", identity.uid(), "gid", identity.gid(), "additionalGids", identity.additionalGids()));
        process.put("args", args(config, image));
        process.put("env", env(config, image, sandbox));
        process.put("cwd", !config.workingDir().isEmpty() ? config.workingDir()
                : image.workingDir() == null || image.workingDir().isEmpty() ? "/" : image.workingDir());
        List<String> caps = capabilities(security, hostCapabilities).stream().map(c -> "CAP_" + c).toList();
        process.put("capabilities", Map.of("bounding", caps, "effective", caps, "permitted", caps));
        process.put("noNewPrivileges", security.noNewPrivileges());
        process.put("oomScoreAdj", Math.max(oomScoreAdjFloor, config.resources().oomScoreAdj()));

        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", namespaces(sandbox, sandboxDir));
        linux.put("cgroupsPath", container.cgroupPath());
        linux.put("resources", resources(config.resources(), security.privileged()));
        if (!security.privileged()) {
            linux.put("maskedPaths", MASKED_PATHS);
            linux.put("readonlyPaths", READONLY_PATHS);
            Map<String, Object> seccomp = seccomp(security.seccomp(), json);
            if (seccomp != null) {
                linux.put("seccomp", seccomp);
            }
        }

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2-dev");
        spec.put("process", process);
        spec.put("root", Map.of("path", rootfs.toString(), "readonly", security.readOnlyRootFilesystem()));
        spec.put("mounts", mounts(config, sandbox, sandboxDir, security.privileged()));
        spec.put("linux", linux);
        spec.put("annotations", config.annotations());
        return spec;
    }

    /** Kubernetes' rule: command replaces ENTRYPOINT (and drops CMD); args replace CMD. */
    static List<String> args(ContainerConfig config, ImageConfig image) {
        List<String> args = new ArrayList<>();
        if (!config.command().isEmpty()) {
            args.addAll(config.command());
            args.addAll(config.args());
        } else {
            args.addAll(image.entrypoint());
            args.addAll(config.args().isEmpty() ? image.cmd() : config.args());
        }
        if (args.isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "no command specified: the container has no command "
                    + "and its image no ENTRYPOINT or CMD");
        }
        return args;
    }

    /** The image's environment, overridden and extended by the container's, in order; PATH and HOSTNAME defaulted. */
    static List<String> env(ContainerConfig config, ImageConfig image, SandboxRecord sandbox) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String entry : image.env()) {
            put(merged, entry);
        }
        for (String entry : config.env()) {
            put(merged, entry);
        }
        merged.putIfAbsent("PATH", DEFAULT_PATH.substring(5));
        if (!sandbox.config().hostNetwork() && sandbox.config().hostname() != null && !sandbox.config().hostname().isEmpty()) {
            merged.putIfAbsent("HOSTNAME", sandbox.config().hostname());
        }
        List<String> env = new ArrayList<>();
        merged.forEach((k, v) -> env.add(k + "=" + v));
        return env;
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        } else if (!entry.isEmpty()) {
            env.put(entry, "");
        }
    }

    /** containerd's rules; "all" (privileged, or add ALL) means every capability this process itself holds, as containerd's. */
    static List<String> capabilities(ContainerConfig.Security security, List<String> hostCapabilities) {
        if (security.privileged()) {
            return hostCapabilities;
        }
        Set<String> caps = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
        List<String> add = security.capabilitiesAdd().stream().map(OciSpec::capName).toList();
        List<String> drop = security.capabilitiesDrop().stream().map(OciSpec::capName).toList();
        if (add.contains("ALL")) {
            caps.addAll(hostCapabilities);
        }
        if (drop.contains("ALL")) {
            caps.clear();
        }
        for (String c : add) {
            if (!c.equals("ALL")) {
                if (!ALL_CAPABILITIES.contains(c)) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "unknown capability to add: " + c);
                }
                caps.add(c);
            }
        }
        // upstream: an explicitly added capability survives "drop ALL"; other drops remove
        drop.stream().filter(c -> !c.equals("ALL")).forEach(caps::remove);
        return List.copyOf(caps);
    }

    /** The capabilities in this process's bounding set (/proc/self/status CapBnd), by name. */
    static List<String> hostCapabilities() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    List<String> held = new ArrayList<>();
                    for (int bit = 0; bit < ALL_CAPABILITIES.size(); bit++) {
                        if ((mask & (1L << bit)) != 0) {
                            held.add(ALL_CAPABILITIES.get(bit));
                        }
                    }
                    return List.copyOf(held);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return ALL_CAPABILITIES;
        }
        return ALL_CAPABILITIES;
    }

    private static String capName(String cap) {
        String upper = cap.toUpperCase(java.util.Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    private static List<Map<String, Object>> namespaces(SandboxRecord sandbox, Path sandboxDir) {
        List<Map<String, Object>> namespaces = new ArrayList<>();
        Path ns = sandboxDir.resolve("ns");
        if (RuncRuntime.sharesPid(sandbox.config())) {
            namespaces.add(Map.of("type", "pid", "path", ns.resolve("pid").toString()));
        } else if (!sandbox.config().hostPid()) {
            namespaces.add(Map.of("type", "pid"));
        }
        namespaces.add(Map.of("type", "mount"));
        if (!sandbox.config().hostNetwork()) {
            namespaces.add(Map.of("type", "network", "path", ns.resolve(PodNamespaces.NET).toString()));
            namespaces.add(Map.of("type", "uts", "path", ns.resolve(PodNamespaces.UTS).toString()));
        }
        if (!sandbox.config().hostIpc()) {
            namespaces.add(Map.of("type", "ipc", "path", ns.resolve(PodNamespaces.IPC).toString()));
        }
        return namespaces;
    }

    private static Map<String, Object> resources(ContainerConfig.Resources r, boolean privileged) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", List.of(Map.of("allow", privileged, "access", "rwm")));
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (r.cpuShares() > 0) {
            cpu.put("shares", r.cpuShares());
        }
        if (r.cpuQuotaMicros() > 0) {
            cpu.put("quota", r.cpuQuotaMicros());
            cpu.put("period", r.cpuPeriodMicros() > 0 ? r.cpuPeriodMicros() : 100_000);
        }
        if (!cpu.isEmpty()) {
            resources.put("cpu", cpu);
        }
        if (r.memoryLimitBytes() > 0) {
            resources.put("memory", Map.of("limit", r.memoryLimitBytes()));
        }
        if (r.pidsLimit() > 0) {
            resources.put("pids", Map.of("limit", r.pidsLimit()));
        }
        return resources;
    }

    private static List<Map<String, Object>> mounts(ContainerConfig config, SandboxRecord sandbox, Path sandboxDir, boolean privileged) {
        List<Map<String, Object>> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        // the pod's /dev/shm (the host's with hostIPC), shared by its containers
        mounts.add(mount("/dev/shm", "bind", sandbox.config().hostIpc() ? "/dev/shm" : sandboxDir.resolve("shm").toString(),
                List.of("rbind", "nosuid", "noexec", "nodev", "rw")));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", privileged ? "rw" : "ro")));
        mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro")));
        Set<String> taken = new java.util.HashSet<>();
        config.mounts().forEach(m -> taken.add(m.containerPath()));
        for (String file : List.of("hosts", "resolv.conf", "hostname")) {
            if (!taken.contains("/etc/" + file)) {
                mounts.add(mount("/etc/" + file, "bind", sandboxDir.resolve(file).toString(), List.of("rbind", "rprivate", "rw")));
            }
        }
        for (ContainerConfig.Mount m : config.mounts()) {
            List<String> options = new ArrayList<>(List.of("rbind", m.readOnly() ? "ro" : "rw"));
            options.add(switch (m.propagation() == null ? "" : m.propagation()) {
                case "rslave" -> "rslave";
                case "rshared" -> "rshared";
                default -> "rprivate";
            });
            mounts.add(mount(m.containerPath(), "bind", m.hostPath().toString(), options));
        }
        return mounts;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("destination", destination);
        mount.put("type", type);
        mount.put("source", source);
        mount.put("options", options);
        return mount;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> seccomp(ContainerConfig.Seccomp seccomp, JsonMapper json) {
        return switch (seccomp) {
            case ContainerConfig.Seccomp.Unconfined u -> null;
            case ContainerConfig.Seccomp.RuntimeDefault d -> {
                try (InputStream in = OciSpec.class.getResourceAsStream("seccomp-runtime-default.json")) {
                    yield json.readValue(in, Map.class);
                } catch (IOException e) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "cannot read the RuntimeDefault seccomp profile", e);
                }
            }
            case ContainerConfig.Seccomp.Localhost l -> {
                try {
                    yield json.readValue(l.profile().toFile(), Map.class);
                } catch (RuntimeException e) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.CREATE,
                            "cannot load seccomp profile " + l.profile() + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
