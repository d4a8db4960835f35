package io.kube4j.kubelet.pod;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeInfo;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable in-memory {@link ContainerRuntime} for the lifecycle's tests: containers run until
 * stopped, or exit with a code (or an OOM kill) after a delay their script gives; pulls succeed or
 * fail by image; every call is recorded. Exits happen on virtual threads, as a real container's would.
 */
public final class FakeRuntime implements ContainerRuntime {

    /** What a container named so does once started: run for {@code runFor} (null: until stopped), then exit. */
    public record Script(Duration runFor, int exitCode, boolean oom) {
        public static Script exitAfter(Duration d, int code) {
            return new Script(d, code, false);
        }
    }

    public record Stop(String containerId, String name, Duration timeout) {}

    private final Map<String, SandboxStatus> sandboxes = new LinkedHashMap<>();
    private final Map<String, ContainerStatus> containers = new LinkedHashMap<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    public final Set<String> failingImages = ConcurrentHashMap.newKeySet();
    public final Set<String> presentImages = ConcurrentHashMap.newKeySet();
    /** The user an image's config names (absent: no config). */
    public final Map<String, String> imageUsers = new ConcurrentHashMap<>();
    /** Images that only these credentials may pull (others fail with IMAGE_AUTH); every pull's credentials are recorded. */
    public final Map<String, RegistryAuth> protectedImages = new ConcurrentHashMap<>();
    public final List<RegistryAuth> pullAuths = new CopyOnWriteArrayList<>();
    /** When set, each container's writable layer is the directory LAYERROOT/ID (made on create). */
    public volatile Path layerRoot;
    /** Containers with these names fail to start. */
    public final Set<String> failingStarts = ConcurrentHashMap.newKeySet();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<Stop> stops = new CopyOnWriteArrayList<>();
    public final List<ContainerConfig> created = new CopyOnWriteArrayList<>();
    public volatile Function<List<String>, ExecResult> exec = cmd -> new ExecResult(0, new byte[0], new byte[0], false);
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger ips = new AtomicInteger(1);
    private long lastNanos;

    public void script(String containerName, Script script) {
        scripts.put(containerName, script);
    }

    /** A monotonic instant so that instances sort by creation even within one clock tick. */
    private synchronized Instant now() {
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastNanos = Math.max(lastNanos + 1, nanos);
        return Instant.ofEpochSecond(0, lastNanos);
    }

    @Override
    public RuntimeInfo info() {
        return new RuntimeInfo("fake", "1.0", true, null);
    }

    @Override
    public ImageService images() {
        return new ImageService() {
            @Override
            public ImageStatus pull(String reference, RegistryAuth auth) {
                calls.add("pull " + reference);
                pullAuths.add(auth);
                RegistryAuth required = protectedImages.get(reference);
                if (required != null && !required.equals(auth)) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.IMAGE_AUTH, "failed to authorize: 401 Unauthorized for " + auth.username());
                }
                if (failingImages.contains(reference)) {
                    throw new RuntimeFailure(RuntimeFailure.Reason.IMAGE_NOT_FOUND, "failed to resolve reference \"" + reference + "\": not found");
                }
                presentImages.add(reference);
                return status(reference);
            }

            @Override
            public Optional<ImageStatus> image(String referenceOrId) {
                return presentImages.contains(referenceOrId) ? Optional.of(status(referenceOrId)) : Optional.empty();
            }

            @Override
            public List<ImageStatus> list() {
                return presentImages.stream().map(FakeRuntime.this::status).toList();
            }

            @Override
            public void remove(String referenceOrId) {
                presentImages.remove(referenceOrId);
            }

            @Override
            public List<ImageStatus> importArchive(Path archive) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ImageFsUsage usage() {
                return new ImageFsUsage(0, 0, 0);
            }
        };
    }

    private ImageStatus status(String ref) {
        String user = imageUsers.get(ref);
        ImageConfig config = user == null ? null : new ImageConfig(List.of(), List.of("sh"), List.of(), "", user, "", List.of(), Map.of());
        return new ImageStatus("sha256:" + Integer.toHexString(ref.hashCode()), List.of(ref), List.of(), 1234, config);
    }

    @Override
    public Optional<Path> writableLayer(String containerId) {
        Path root = layerRoot;
        return root == null ? Optional.empty() : Optional.of(root.resolve(containerId));
    }

    @Override
    public synchronized SandboxStatus runSandbox(SandboxConfig config) {
        calls.add("runSandbox " + config.name() + " " + config.attempt());
        String id = "sb" + ids.incrementAndGet();
        SandboxStatus s = new SandboxStatus(id, config, SandboxStatus.State.READY, now(), List.of("10.88.0." + ips.incrementAndGet()), null);
        sandboxes.put(id, s);
        return s;
    }

    @Override
    public synchronized void stopSandbox(String sandboxId) {
        calls.add("stopSandbox " + sandboxId);
        SandboxStatus s = sandboxes.get(sandboxId);
        if (s == null) {
            return;
        }
        for (ContainerStatus c : List.copyOf(containers.values())) {
            if (c.sandboxId().equals(sandboxId) && c.state() instanceof ContainerState.Running) {
                exit(c.id(), 137, "Error");
            }
        }
        sandboxes.put(sandboxId, new SandboxStatus(s.id(), s.config(), SandboxStatus.State.NOT_READY, s.createdAt(), s.ips(), null));
    }

    /** Simulates a sandbox that died (its network namespace gone) without the kubelet asking. */
    public synchronized void killSandbox(String sandboxId) {
        SandboxStatus s = sandboxes.get(sandboxId);
        sandboxes.put(sandboxId, new SandboxStatus(s.id(), s.config(), SandboxStatus.State.NOT_READY, s.createdAt(), s.ips(), null));
    }

    @Override
    public synchronized void removeSandbox(String sandboxId) {
        calls.add("removeSandbox " + sandboxId);
        containers.values().removeIf(c -> c.sandboxId().equals(sandboxId));
        sandboxes.remove(sandboxId);
    }

    @Override
    public synchronized Optional<SandboxStatus> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    @Override
    public synchronized List<SandboxStatus> listSandboxes() {
        return List.copyOf(sandboxes.values());
    }

    @Override
    public synchronized String createContainer(String sandboxId, ContainerConfig config) {
        calls.add("createContainer " + config.name() + " " + config.attempt());
        SandboxStatus s = sandboxes.get(sandboxId);
        if (s == null || s.state() != SandboxStatus.State.READY) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "sandbox " + sandboxId + " is not ready");
        }
        if (!presentImages.contains(config.image())) {
            throw new RuntimeFailure(RuntimeFailure.Reason.IMAGE_NOT_PRESENT, "image " + config.image() + " is not present");
        }
        created.add(config);
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new ContainerStatus(id, sandboxId, config.name(), config.attempt(), config.image(),
                "sha256:" + Integer.toHexString(config.image().hashCode()), new ContainerState.Created(now()),
                Path.of("/nonexistent/" + id + ".log"), config.labels(), config.annotations()));
        return id;
    }

    @Override
    public synchronized void startContainer(String containerId) {
        ContainerStatus c = containers.get(containerId);
        calls.add("startContainer " + c.name());
        if (failingStarts.contains(c.name())) {
            throw new RuntimeFailure(RuntimeFailure.Reason.START, "exec: \"nope\": executable file not found in $PATH");
        }
        Instant created = c.state().createdAt();
        containers.put(containerId, with(c, new ContainerState.Running(created, now(), 4242)));
        Script script = scripts.get(c.name());
        if (script != null && script.runFor() != null) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(script.runFor());
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (this) {
                    ContainerStatus now = containers.get(containerId);
                    if (now != null && now.state() instanceof ContainerState.Running) {
                        exit(containerId, script.oom() ? 137 : script.exitCode(),
                                script.oom() ? "OOMKilled" : script.exitCode() == 0 ? "Completed" : "Error");
                    }
                }
            });
        }
    }

    private void exit(String id, int code, String reason) {
        ContainerStatus c = containers.get(id);
        Instant started = c.state() instanceof ContainerState.Running r ? r.startedAt() : null;
        containers.put(id, with(c, new ContainerState.Exited(c.state().createdAt(), started, now(), code, reason, "")));
    }

    private static ContainerStatus with(ContainerStatus c, ContainerState state) {
        return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), c.imageRef(), c.imageId(), state, c.logPath(),
                c.labels(), c.annotations());
    }

    @Override
    public synchronized void stopContainer(String containerId, Duration timeout) {
        ContainerStatus c = containers.get(containerId);
        if (c == null) {
            return;
        }
        calls.add("stopContainer " + c.name());
        stops.add(new Stop(containerId, c.name(), timeout));
        if (c.state() instanceof ContainerState.Running) {
            exit(containerId, 137, "Error");
        } else if (c.state() instanceof ContainerState.Created) {
            containers.put(containerId, with(c, new ContainerState.Exited(c.state().createdAt(), null, now(), 0, "Error", "")));
        }
    }

    @Override
    public synchronized void removeContainer(String containerId) {
        calls.add("removeContainer " + containerId);
        containers.remove(containerId);
    }

    @Override
    public synchronized Optional<ContainerStatus> container(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    @Override
    public synchronized List<ContainerStatus> listContainers() {
        return new ArrayList<>(containers.values());
    }

    /** Every instance of the container {@code name} (any pod). */
    public synchronized List<ContainerStatus> instances(String name) {
        return containers.values().stream().filter(c -> c.name().equals(name)).toList();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        calls.add("exec " + String.join(" ", command));
        return exec.apply(command);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean tty, boolean stdin) {
        throw new UnsupportedOperationException();
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PortStream portForward(String sandboxId, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        return Optional.empty();
    }

    @Override
    public void close() {}
}
