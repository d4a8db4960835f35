package io.kube4j.runtime.runc;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeInfo;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import io.kube4j.runtime.linux.Commands;
import io.kube4j.runtime.linux.Mounts;
import io.kube4j.runtime.linux.PidNamespaceHolder;
import io.kube4j.runtime.linux.PodNamespaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ContainerRuntime} that runs containers with runc, each under its own conmon, in pod
 * sandboxes made of persistent namespaces (no pause container): network, IPC and UTS namespaces
 * bound to files in the sandbox's directory, joined by path by every container of the pod.
 *
 * <p>All state is in files under {@link RuncRuntimeConfig#dataDir()} (sandboxes/ID, containers/ID),
 * so a new instance over the same directories sees what an old one made, and conmon records exit
 * codes and OOM kills while no JVM runs. Thread-safe: operations on one sandbox or container are
 * serialised; {@link #close()} leaves everything running. A pod with shareProcessNamespace gets
 * a PID namespace held by a small init process of its own ({@link PidNamespaceHolder}).
 */
public final class RuncRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(RuncRuntime.class);

    private final RuncRuntimeConfig config;
    private final StateFiles state = new StateFiles();
    private final Containers containers;
    private final Streams streams;
    private final Path sandboxRoot;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    /** runc's version, asked once: the node agent reads {@link #info()} every few seconds. */
    private volatile String runcVersion;

    public RuncRuntime(RuncRuntimeConfig config) {
        this.config = config;
        this.containers = new Containers(config, state, oomScoreAdjFloor());
        this.streams = new Streams(new RuncCli(config.runc(), config.runcRoot()), containers);
        this.sandboxRoot = config.dataDir().resolve("sandboxes");
        // state files hold the containers' environments (secrets among them): root only
        for (Path dir : List.of(config.dataDir(), sandboxRoot, config.dataDir().resolve("containers"))) {
            try {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warn("cannot restrict {} to its owner: {}", dir, e.toString());
            }
        }
    }

    @Override
    public RuntimeInfo info() {
        String version = runcVersion;
        if (version == null || version.isEmpty()) {
            version = Files.isExecutable(config.runc()) ? new RuncCli(config.runc(), config.runcRoot()).version() : "";
            runcVersion = version;
        }
        String reason = "";
        if (!"root".equals(System.getProperty("user.name"))) {
            reason = "not running as root";
        } else if (!Files.isExecutable(config.runc())) {
            reason = "runc not found at " + config.runc();
        } else if (!Files.isExecutable(config.conmon())) {
            reason = "conmon not found at " + config.conmon();
        }
        return new RuntimeInfo("runc", version, reason.isEmpty(), reason);
    }

    @Override
    public ImageService images() {
        return config.images();
    }

    @Override
    public SandboxStatus runSandbox(SandboxConfig sandboxConfig) {
        String id = HexFormat.of().formatHex(randomBytes());
        Path dir = sandboxRoot.resolve(id);
        synchronized (lock(id)) {
            long t0 = System.nanoTime();
            long tNamespaces = t0;
            long tShm = t0;
            SandboxRecord record = new SandboxRecord(id, sandboxConfig, Instant.now(), List.of(), false, 0);
            try {
                Files.createDirectories(dir);
                Files.createDirectories(sandboxConfig.logDirectory());
                state.write(dir.resolve("sandbox.json"), record);
                List<String> kinds = new ArrayList<>();
                if (!sandboxConfig.hostNetwork()) {
                    kinds.add(PodNamespaces.NET);
                    kinds.add(PodNamespaces.UTS);
                }
                if (!sandboxConfig.hostIpc()) {
                    kinds.add(PodNamespaces.IPC);
                }
                PodNamespaces.create(dir.resolve("ns"), kinds, sandboxConfig.hostname(), sandboxConfig.sysctls());
                tNamespaces = System.nanoTime();
                if (!sandboxConfig.hostIpc()) {
                    // one /dev/shm for the pod, as upstream's sandbox shm: POSIX shared memory works across its containers
                    Files.createDirectories(dir.resolve("shm"));
                    Mounts.tmpfs(dir.resolve("shm"), 64L << 20, "1777");
                }
                tShm = System.nanoTime();
                if (sharesPid(sandboxConfig)) {
                    long holder = PidNamespaceHolder.start(dir.resolve("ns").resolve("pid"), pidTag(id));
                    record = new SandboxRecord(id, sandboxConfig, record.createdAt(), List.of(), false, holder);
                    state.write(dir.resolve("sandbox.json"), record);
                }
                List<String> ips = sandboxConfig.hostNetwork() ? List.of()
                        : config.network().setUp(id, sandboxConfig, netns(dir));
                record = new SandboxRecord(id, sandboxConfig, record.createdAt(), ips, false, record.pidHolder());
                state.write(dir.resolve("sandbox.json"), record);
                SandboxFiles.write(dir, sandboxConfig, ips);
                long tNetwork = System.nanoTime();
                LOG.debug("sandbox {} ready for {}/{} with IPs {} in {} ms (namespaces {} ms, shm {} ms, network {} ms)", id,
                        sandboxConfig.namespace(), sandboxConfig.name(), ips, millis(tNetwork - t0), millis(tNamespaces - t0),
                        millis(tShm - tNamespaces), millis(tNetwork - tShm));
                return status(record);
            } catch (IOException | RuntimeException e) {
                try {
                    removeSandbox(id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                if (e instanceof RuntimeFailure failure) {
                    throw failure;
                }
                throw new RuntimeFailure(RuntimeFailure.Reason.SANDBOX, "cannot create the sandbox of "
                        + sandboxConfig.namespace() + "/" + sandboxConfig.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void stopSandbox(String sandboxId) {
        synchronized (lock(sandboxId)) {
            Optional<SandboxRecord> found = sandboxRecord(sandboxId);
            if (found.isEmpty()) {
                return;
            }
            SandboxRecord record = found.get();
            for (ContainerRecord c : containersOf(sandboxId)) {
                stopContainer(c.id(), Duration.ZERO);
            }
            if (!record.config().hostNetwork() && !record.stopped()) {
                config.network().tearDown(sandboxId, record.config(), netns(sandboxRoot.resolve(sandboxId)));
            }
            if (record.pidHolder() > 0) {
                PidNamespaceHolder.stop(record.pidHolder(), sandboxRoot.resolve(sandboxId).resolve("ns").resolve("pid"), pidTag(sandboxId));
            }
            state.write(sandboxRoot.resolve(sandboxId).resolve("sandbox.json"), record.withStopped());
        }
    }

    @Override
    public void removeSandbox(String sandboxId) {
        synchronized (lock(sandboxId)) {
            Path dir = sandboxRoot.resolve(sandboxId);
            if (!isId(sandboxId) || !Files.isDirectory(dir)) {
                return;
            }
            Optional<SandboxRecord> record = sandboxRecord(sandboxId);
            if (record.isPresent()) {
                stopSandbox(sandboxId);
            }
            for (ContainerRecord c : containersOf(sandboxId)) {
                removeContainer(c.id());
            }
            PodNamespaces.remove(dir.resolve("ns"));
            Mounts.unmount(dir.resolve("shm"));
            record.ifPresent(r -> {
                String parent = r.config().cgroupParent() == null || r.config().cgroupParent().isBlank()
                        ? "/" + sandboxId : "/" + r.config().cgroupParent().replaceAll("^/+|/+$", "");
                List<Path> left = config.cgroups().remove(config.cgroupPrefix() + parent);
                if (!left.isEmpty()) {
                    LOG.warn("sandbox {}: cgroups still in use, not removed: {}", sandboxId, left);
                }
            });
            try {
                Containers.deleteTree(dir);
                state.forget(dir);
            } catch (IOException e) {
                throw new RuntimeFailure(RuntimeFailure.Reason.SANDBOX, "cannot delete " + dir + ": " + e.getMessage(), e);
            }
            locks.remove(sandboxId);
        }
    }

    @Override
    public Optional<SandboxStatus> sandbox(String sandboxId) {
        return sandboxRecord(sandboxId).map(this::status);
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return ids(sandboxRoot).stream().map(this::sandboxRecord).flatMap(Optional::stream).map(this::status).toList();
    }

    /** Filters on the records' labels before reading any state: a sync of one pod reads only its own. */
    @Override
    public List<SandboxStatus> listSandboxes(String podUid) {
        return ids(sandboxRoot).stream().map(this::sandboxRecord).flatMap(Optional::stream)
                .filter(r -> podUid.equals(r.config().labels().get(io.kube4j.runtime.RuntimeLabels.POD_UID)))
                .map(this::status).toList();
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig containerConfig) {
        synchronized (lock(sandboxId)) {
            SandboxRecord sandbox = sandboxRecord(sandboxId).orElseThrow(() ->
                    new RuntimeFailure(RuntimeFailure.Reason.NOT_FOUND, "sandbox " + sandboxId + " not found"));
            if (sandbox.stopped()) {
                throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "sandbox " + sandboxId + " is not ready");
            }
            return containers.create(sandbox, sandboxRoot.resolve(sandboxId), containerConfig);
        }
    }

    @Override
    public void startContainer(String containerId) {
        synchronized (lock(containerId)) {
            containers.start(containerId);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        synchronized (lock(containerId)) {
            containers.stop(containerId, timeout);
        }
    }

    @Override
    public void removeContainer(String containerId) {
        synchronized (lock(containerId)) {
            if (containers.record(containerId).isEmpty() && !isId(containerId)) {
                return;
            }
            containers.stop(containerId, Duration.ZERO);
            containers.remove(containerId);
            locks.remove(containerId);
        }
    }

    @Override
    public Optional<ContainerStatus> container(String containerId) {
        return containers.record(containerId).map(containers::status);
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return containers.records().stream().map(containers::status).toList();
    }

    /** Filters on the records' labels before reading any state (exit files, conmon's pid, /proc): see {@link #listSandboxes(String)}. */
    @Override
    public List<ContainerStatus> listContainers(String podUid) {
        return containers.records().stream()
                .filter(r -> podUid.equals(r.config().labels().get(io.kube4j.runtime.RuntimeLabels.POD_UID)))
                .map(containers::status).toList();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return streams.execSync(containerId, command, timeout);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean tty, boolean stdin) {
        return streams.exec(containerId, command, tty, stdin);
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        return streams.attach(containerId, stdin);
    }

    @Override
    public PortStream portForward(String sandboxId, int port) {
        SandboxRecord sandbox = sandboxRecord(sandboxId).orElseThrow(() ->
                new RuntimeFailure(RuntimeFailure.Reason.NOT_FOUND, "sandbox " + sandboxId + " not found"));
        return streams.portForward(sandbox.config().hostNetwork() ? null : netns(sandboxRoot.resolve(sandboxId)), port);
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        return containers.record(containerId)
                .filter(r -> containers.status(r).state() instanceof ContainerState.Running)
                .flatMap(r -> config.cgroups().usage(r.cgroupPath()).map(u -> new ContainerStats(containerId, Instant.now(),
                        u.cpuNanos(), u.memoryUsage(), u.workingSet(), u.rss())));
    }

    @Override
    public Optional<java.nio.file.Path> writableLayer(String containerId) {
        return containers.record(containerId).map(r -> containers.layout(containerId).upper());
    }

    /** Nothing to release: conmon owns every container, and state is on disk. */
    @Override
    public void close() {}

    private SandboxStatus status(SandboxRecord record) {
        Path ns = netns(sandboxRoot.resolve(record.id()));
        return new SandboxStatus(record.id(), record.config(),
                record.stopped() ? SandboxStatus.State.NOT_READY : SandboxStatus.State.READY, record.createdAt(),
                record.ips(), record.config().hostNetwork() ? null : ns);
    }

    private Optional<SandboxRecord> sandboxRecord(String id) {
        return isId(id) ? state.read(sandboxRoot.resolve(id).resolve("sandbox.json"), SandboxRecord.class) : Optional.empty();
    }

    private List<ContainerRecord> containersOf(String sandboxId) {
        return containers.records().stream().filter(c -> c.sandboxId().equals(sandboxId)).toList();
    }

    /** A pod shares one PID namespace among its containers when it asks to and is not on the host's. */
    static boolean sharesPid(SandboxConfig config) {
        return config.shareProcessNamespace() && !config.hostPid();
    }

    private static String pidTag(String sandboxId) {
        return "kube4j-pidns-" + sandboxId;
    }

    private static Path netns(Path sandboxDir) {
        return sandboxDir.resolve("ns").resolve(PodNamespaces.NET);
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private static boolean isId(String id) {
        return id != null && id.matches("[0-9a-f]{1,64}");
    }

    private static List<String> ids(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> d.getFileName().toString()).filter(RuncRuntime::isId).sorted().toList();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lowest oom_score_adj a container may get here: -1000 where lowering is allowed, else our
     * own value (a process cannot go below what it inherited without CAP_SYS_RESOURCE).
     */
    private static int oomScoreAdjFloor() {
        Commands.Outcome probe = Commands.run(List.of("/bin/sh", "-c", "echo -1000 > /proc/self/oom_score_adj"), 10);
        if (probe.ok()) {
            return -1000;
        }
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/self/oom_score_adj")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
