package io.kube4j.runtime.runc;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.linux.Commands;
import io.kube4j.runtime.linux.Mounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container half of {@link RuncRuntime}: create (overlay root, OCI spec, conmon running
 * {@code runc create}), start, stop, remove, and the state read back from files, so that a new
 * instance over the same directories knows everything an old one did. Thread-safe: mutations of
 * one container are serialised by the caller's per-id lock.
 */
final class Containers {

    private static final Logger LOG = LoggerFactory.getLogger(Containers.class);
    private static final int MAX_TERMINATION_MESSAGE = 4096;

    private final RuncRuntimeConfig config;
    private final RuncCli runc;
    private final StateFiles state;
    private final Path root;
    private final int oomScoreAdjFloor;
    private final List<String> hostCapabilities = OciSpec.hostCapabilities();

    Containers(RuncRuntimeConfig config, StateFiles state, int oomScoreAdjFloor) {
        this.config = config;
        this.runc = new RuncCli(config.runc(), config.runcRoot());
        this.state = state;
        this.root = config.dataDir().resolve("containers");
        this.oomScoreAdjFloor = oomScoreAdjFloor;
    }

    ContainerLayout layout(String id) {
        return new ContainerLayout(root.resolve(id));
    }

    Optional<ContainerRecord> record(String id) {
        if (id == null || !id.matches("[0-9a-f]{1,64}")) {
            return Optional.empty();
        }
        return state.read(layout(id).record(), ContainerRecord.class);
    }

    List<ContainerRecord> records() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.map(d -> record(d.getFileName().toString())).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    String create(SandboxRecord sandbox, Path sandboxDir, ContainerConfig config) {
        ImageRootfs.UnpackedImage image = this.config.rootfs().unpacked(config.image()).orElseThrow(() ->
                new RuntimeFailure(RuntimeFailure.Reason.IMAGE_NOT_PRESENT, "image " + config.image() + " is not present"));
        String id = HexFormat.of().formatHex(randomBytes());
        ContainerLayout layout = layout(id);
        String parent = sandbox.config().cgroupParent() == null || sandbox.config().cgroupParent().isBlank()
                ? "/" + sandbox.id() : "/" + sandbox.config().cgroupParent().replaceAll("^/+|/+$", "");
        String cgroupPath = this.config.cgroupPrefix() + parent + "/" + id;
        Path logPath = sandbox.config().logDirectory().resolve(config.logPath());
        String stopSignal = image.config().stopSignal() == null || image.config().stopSignal().isBlank()
                ? "SIGTERM" : image.config().stopSignal();
        ContainerRecord record = new ContainerRecord(id, sandbox.id(), config, image.id(), image.reference(),
                stopSignal, Instant.now(), cgroupPath, logPath);
        try {
            long t0 = System.nanoTime();
            for (Path dir : List.of(layout.bundle(), layout.rootfs(), layout.upper(), layout.work(), layout.persist())) {
                Files.createDirectories(dir);
            }
            Files.createDirectories(logPath.getParent());
            Files.createDirectories(exitDir());
            Files.createDirectories(socketDir());
            state.write(layout.record(), record);
            Mounts.overlay(image.layers(), layout.upper(), layout.work(), layout.rootfs());
            long tOverlay = System.nanoTime();
            var spec = OciSpec.build(record, sandbox, image.config(), layout.rootfs(), sandboxDir, oomScoreAdjFloor,
                    hostCapabilities, state.json());
            state.write(layout.bundle().resolve("config.json"), spec);
            long tSpec = System.nanoTime();
            Conmon.create(this.config.conmon(), this.config.runc(), this.config.runcRoot(), id,
                    new Conmon.Layout(layout.bundle(), layout.pidFile(), layout.conmonPidFile(), exitDir(),
                            layout.persist(), socketDir(), logPath),
                    config.tty(), config.stdin(), config.stdinOnce(), state.json());
            long tConmon = System.nanoTime();
            LOG.debug("created container {} ({}) in sandbox {} in {} ms (overlay {} ms, spec {} ms, conmon and runc create {} ms)",
                    id, config.name(), sandbox.id(), RuncRuntime.millis(tConmon - t0), RuncRuntime.millis(tOverlay - t0),
                    RuncRuntime.millis(tSpec - tOverlay), RuncRuntime.millis(tConmon - tSpec));
            return id;
        } catch (IOException | RuntimeException e) {
            remove(id);
            if (e instanceof RuntimeFailure failure) {
                throw failure;
            }
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "cannot create container " + config.name() + ": " + e.getMessage(), e);
        }
    }

    void start(String id) {
        ContainerRecord record = record(id).orElseThrow(() -> notFound(id));
        ContainerLayout layout = layout(id);
        if (Files.exists(layout.started())) {
            throw new RuntimeFailure(RuntimeFailure.Reason.START, "container " + id + " was already started");
        }
        try {
            Files.writeString(layout.started(), Instant.now().toString());
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.START, "cannot record the start of " + id, e);
        }
        long t0 = System.nanoTime();
        Commands.Outcome out = runc.start(id);
        LOG.debug("runc start {} took {} ms", id, RuncRuntime.millis(System.nanoTime() - t0));
        if (!out.ok() && !Files.exists(layout.exitFile())) {
            try {
                Files.deleteIfExists(layout.started()); // still only created: not reported as running
            } catch (IOException ignored) {
                // the failure below is what matters
            }
            throw new RuntimeFailure(RuntimeFailure.Reason.START, "runc start " + record.config().name() + ": " + out.output());
        }
    }

    void stop(String id, Duration timeout) {
        ContainerRecord record = record(id).orElse(null);
        if (record == null || !(status(record).state() instanceof ContainerState.Running)) {
            return;
        }
        ContainerLayout layout = layout(id);
        if (!timeout.isZero() && !timeout.isNegative()) {
            runc.kill(id, record.stopSignal());
            if (awaitExit(layout, timeout)) {
                return;
            }
            LOG.info("container {} did not stop within {} after {}; killing it", id, timeout, record.stopSignal());
        }
        runc.kill(id, "SIGKILL");
        if (!awaitExit(layout, Duration.ofSeconds(15))) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "container " + id + " did not exit after SIGKILL");
        }
    }

    /** Waits until conmon has written the exit file; false on timeout. */
    boolean awaitExit(ContainerLayout layout, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(layout.exitFile())) {
            if (System.nanoTime() > deadline || !conmonAlive(layout) && !Files.exists(layout.exitFile())) {
                return Files.exists(layout.exitFile());
            }
            sleep(50);
        }
        return true;
    }

    void remove(String id) {
        ContainerLayout layout = layout(id);
        if (!Files.isDirectory(layout.dir())) {
            return;
        }
        Commands.Outcome deleted = runc.delete(id);
        if (!deleted.ok() && !deleted.output().contains("does not exist")) {
            LOG.warn("runc delete {}: {}", id, deleted.output());
        }
        if (conmonAlive(layout)) {
            awaitExit(layout, Duration.ofSeconds(10));
        }
        Mounts.unmount(layout.rootfs());
        if (Mounts.isMountPoint(layout.rootfs())) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot unmount " + layout.rootfs());
        }
        record(id).ifPresent(r -> config.cgroups().remove(r.cgroupPath()));
        try {
            Files.deleteIfExists(socketDir().resolve(id));
            Files.deleteIfExists(exitDir().resolve(id));
            deleteTree(layout.dir());
            state.forget(layout.dir());
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot delete " + layout.dir() + ": " + e.getMessage(), e);
        }
    }

    ContainerStatus status(ContainerRecord record) {
        ContainerLayout layout = layout(record.id());
        ContainerConfig c = record.config();
        return new ContainerStatus(record.id(), record.sandboxId(), c.name(), c.attempt(), record.imageRef(),
                record.imageId(), state(record, layout), record.logPath(), c.labels(), c.annotations());
    }

    private ContainerState state(ContainerRecord record, ContainerLayout layout) {
        Instant created = record.createdAt();
        Instant started = readInstant(layout.started());
        Optional<Integer> exit = readInt(layout.exitFile());
        if (exit.isPresent()) {
            Instant finished = modified(layout.exitFile());
            boolean oom = Files.exists(layout.oomFile()) || recordOom(record, layout);
            int code = exit.get();
            String reason = oom ? "OOMKilled" : code == 0 ? "Completed" : "Error";
            return new ContainerState.Exited(created, started == null ? finished : started, finished, code, reason,
                    terminationMessage(record));
        }
        if (started == null) {
            return new ContainerState.Created(created);
        }
        if (conmonAlive(layout)) {
            return new ContainerState.Running(created, started, readInt(layout.pidFile()).orElse(0));
        }
        if (Files.exists(layout.exitFile())) { // written between the two checks
            return state(record, layout);
        }
        return new ContainerState.Unknown(created, "conmon exited without recording the container's exit code");
    }

    /** Marks an exit as an OOM kill when the memory cgroup counted one (conmon misses some on cgroup v1). */
    private boolean recordOom(ContainerRecord record, ContainerLayout layout) {
        long kills = config.cgroups().oomKills(record.cgroupPath());
        if (kills > 0) {
            LOG.debug("container {}: conmon recorded no OOM, its memory cgroup counted {} OOM kill(s)", record.id(), kills);
            try {
                Files.writeString(layout.oomFile(), "");
            } catch (IOException ignored) {
                // reported as OOMKilled all the same this time
            }
            return true;
        }
        return false;
    }

    private String terminationMessage(ContainerRecord record) {
        String path = record.config().annotations().get(RuntimeLabels.TERMINATION_MESSAGE_PATH);
        if (path == null || path.isBlank()) {
            return "";
        }
        try (var in = Files.newInputStream(Path.of(path))) {
            return new String(in.readNBytes(MAX_TERMINATION_MESSAGE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    boolean conmonAlive(ContainerLayout layout) {
        Optional<Integer> pid = readInt(layout.conmonPidFile());
        if (pid.isEmpty()) {
            return false;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc/" + pid.get() + "/cmdline"));
            return cmdline.contains(layout.dir().getFileName().toString());
        } catch (IOException e) {
            return false;
        }
    }

    Path exitDir() {
        return config.dataDir().resolve("exits");
    }

    Path socketDir() {
        return config.dataDir().resolve("sockets");
    }

    static RuntimeFailure notFound(String id) {
        return new RuntimeFailure(RuntimeFailure.Reason.NOT_FOUND, "container " + id + " not found");
    }

    private static Optional<Integer> readInt(Path file) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Instant readInstant(Path file) {
        try {
            return Instant.parse(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (Path mount : Mounts.mountsUnder(dir)) {
            throw new IOException("still mounted: " + mount);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "interrupted", e);
        }
    }
}
