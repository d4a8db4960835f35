package io.kube4j.kubelet.gc;

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
import io.kube4j.runtime.RuntimeInfo;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory runtime for the node agent's, GC's and eviction's tests: images, sandboxes and
 * containers are records the test puts in; removals are recorded. Only what those parts call is
 * implemented; the rest throws. Thread-safe.
 */
public final class FakeRuntime implements ContainerRuntime, ImageService {

    public volatile RuntimeInfo info = new RuntimeInfo("fake", "1.0.0", true, "");
    public volatile boolean down;
    public final Map<String, ImageStatus> images = new ConcurrentHashMap<>();
    public final Map<String, SandboxStatus> sandboxes = new ConcurrentHashMap<>();
    public final Map<String, ContainerStatus> containers = new ConcurrentHashMap<>();
    public final Map<String, ContainerStats> stats = new ConcurrentHashMap<>();
    public final List<String> removed = new CopyOnWriteArrayList<>();
    public volatile ImageFsUsage usage = new ImageFsUsage(0, 100L << 30, 90L << 30);

    public static ImageStatus image(String id, String tag, long size) {
        return new ImageStatus(id, List.of(tag), List.of(tag.replaceAll(":[^:/]*$", "") + "@sha256:" + id.substring(7)), size,
                new ImageConfig(List.of(), List.of(), List.of(), "", "", "", List.of(), Map.of()));
    }

    public void addImage(ImageStatus image) {
        images.put(image.id(), image);
    }

    public void addSandbox(String id, String podUid, SandboxStatus.State state, Instant created) {
        SandboxConfig config = new SandboxConfig("pod-" + podUid, "default", podUid, 0, "h", Path.of("/tmp"), null, List.of(), List.of(),
                false, false, false, false, "", Map.of(), Map.of(RuntimeLabels.POD_UID, podUid), Map.of());
        sandboxes.put(id, new SandboxStatus(id, config, state, created, List.of(), null));
    }

    public void addContainer(String id, String sandboxId, String podUid, String name, String imageId, ContainerState state) {
        containers.put(id, new ContainerStatus(id, sandboxId, name, 0, imageId, imageId, state, Path.of("/tmp/" + id + ".log"),
                Map.of(RuntimeLabels.POD_UID, podUid, RuntimeLabels.CONTAINER_NAME, name), Map.of()));
    }

    public static ContainerState exited(Instant created) {
        return new ContainerState.Exited(created, created, created.plusSeconds(1), 1, "Error", "");
    }

    public static ContainerState running(Instant created) {
        return new ContainerState.Running(created, created, 1);
    }

    @Override
    public RuntimeInfo info() {
        if (down) {
            throw new IllegalStateException("runtime down");
        }
        return info;
    }

    @Override
    public ImageService images() {
        return this;
    }

    @Override
    public SandboxStatus runSandbox(SandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopSandbox(String sandboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeSandbox(String sandboxId) {
        sandboxes.remove(sandboxId);
        removed.add(sandboxId);
    }

    @Override
    public Optional<SandboxStatus> sandbox(String sandboxId) {
        return Optional.ofNullable(sandboxes.get(sandboxId));
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        return new ArrayList<>(sandboxes.values());
    }

    @Override
    public String createContainer(String sandboxId, ContainerConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void startContainer(String containerId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopContainer(String containerId, Duration timeout) {
        // nothing runs
    }

    @Override
    public void removeContainer(String containerId) {
        containers.remove(containerId);
        removed.add(containerId);
    }

    @Override
    public Optional<ContainerStatus> container(String containerId) {
        return Optional.ofNullable(containers.get(containerId));
    }

    @Override
    public List<ContainerStatus> listContainers() {
        return new ArrayList<>(containers.values());
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        throw new UnsupportedOperationException();
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
        return Optional.ofNullable(stats.get(containerId));
    }

    @Override
    public ImageStatus pull(String reference, RegistryAuth auth) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ImageStatus> image(String referenceOrId) {
        return images.values().stream()
                .filter(i -> i.id().equals(referenceOrId) || i.repoTags().contains(referenceOrId))
                .findFirst();
    }

    @Override
    public List<ImageStatus> list() {
        return new ArrayList<>(images.values());
    }

    @Override
    public void remove(String referenceOrId) {
        image(referenceOrId).ifPresent(i -> {
            images.remove(i.id());
            removed.add(i.id());
        });
    }

    @Override
    public List<ImageStatus> importArchive(Path archive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ImageFsUsage usage() {
        return usage;
    }

    @Override
    public void close() {}
}
