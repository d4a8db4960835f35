package io.kube4j.kubelet.server;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStats;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeInfo;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A container runtime for the kubelet server's tests: sandboxes and containers are records the
 * test adds; exec runs the command as a host process (so {@code cat} echoes stdin, {@code sh -c
 * 'exit 3'} exits 3); attach connects to a {@code cat} standing in for the main process;
 * port-forward connects to the given port on the host's loopback; stats are fixed numbers.
 */
final class FakeRuntime implements ContainerRuntime {

    final Map<String, SandboxStatus> sandboxes = new ConcurrentHashMap<>();
    final Map<String, ContainerStatus> containers = new ConcurrentHashMap<>();
    final List<Process> processes = new CopyOnWriteArrayList<>();
    /** The cgroup CPU counter containers report; tests move it forward. */
    volatile long cpuNanos = 1_000_000_000L;

    SandboxStatus addSandbox(String namespace, String pod, String uid) {
        String id = "sb-" + namespace + "-" + pod;
        Map<String, String> labels = Map.of(RuntimeLabels.POD_NAME, pod, RuntimeLabels.POD_NAMESPACE, namespace,
                RuntimeLabels.POD_UID, uid);
        SandboxConfig config = new SandboxConfig(pod, namespace, uid, 0, pod, Path.of("/tmp"), null, List.of(), List.of(),
                false, false, false, false, "", Map.of(), labels, Map.of());
        SandboxStatus s = new SandboxStatus(id, config, SandboxStatus.State.READY, Instant.now().minusSeconds(60),
                List.of("10.0.0.2"), null);
        sandboxes.put(id, s);
        return s;
    }

    ContainerStatus addContainer(SandboxStatus sandbox, String name, int attempt, boolean running, Path log) {
        String id = "c-" + sandbox.config().name() + "-" + name + "-" + attempt;
        Map<String, String> labels = Map.of(RuntimeLabels.POD_NAME, sandbox.config().name(),
                RuntimeLabels.POD_NAMESPACE, sandbox.config().namespace(), RuntimeLabels.POD_UID, sandbox.config().uid(),
                RuntimeLabels.CONTAINER_NAME, name);
        Instant created = Instant.now().minusSeconds(30 - attempt);
        ContainerState state = running ? new ContainerState.Running(created, created, 4242)
                : new ContainerState.Exited(created, created, created.plusSeconds(1), 1, "Error", "");
        ContainerStatus c = new ContainerStatus(id, sandbox.id(), name, attempt, "busybox", "sha256:00", state, log, labels,
                Map.of());
        containers.put(id, c);
        return c;
    }

    /** Marks a container exited (ends a followed log). */
    void exit(String id) {
        ContainerStatus c = containers.get(id);
        Instant at = c.state().createdAt();
        containers.put(id, new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), c.imageRef(), c.imageId(),
                new ContainerState.Exited(at, at, Instant.now(), 0, "Completed", ""), c.logPath(), c.labels(),
                c.annotations()));
    }

    @Override
    public RuntimeInfo info() {
        return new RuntimeInfo("fake", "0", true, "");
    }

    @Override
    public ImageService images() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SandboxStatus runSandbox(SandboxConfig config) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stopSandbox(String sandboxId) {}

    @Override
    public void removeSandbox(String sandboxId) {}

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
    public void startContainer(String containerId) {}

    @Override
    public void stopContainer(String containerId, Duration timeout) {}

    @Override
    public void removeContainer(String containerId) {}

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
        return process(command);
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        return process(List.of("cat"));
    }

    private StreamSession process(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            processes.add(p);
            return new StreamSession() {
                @Override
                public OutputStream stdin() {
                    return p.getOutputStream();
                }

                @Override
                public InputStream stdout() {
                    return p.getInputStream();
                }

                @Override
                public InputStream stderr() {
                    return p.getErrorStream();
                }

                @Override
                public void resize(int columns, int rows) {}

                @Override
                public int waitFor() throws InterruptedException {
                    return p.waitFor();
                }

                @Override
                public void close() {
                    p.destroyForcibly();
                }
            };
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot run " + command + ": " + e.getMessage(), e);
        }
    }

    @Override
    public PortStream portForward(String sandboxId, int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            return new PortStream() {
                @Override
                public InputStream input() {
                    try {
                        return socket.getInputStream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public OutputStream output() {
                    try {
                        return socket.getOutputStream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void close() {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            };
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "connection refused to port " + port, e);
        }
    }

    @Override
    public Optional<ContainerStats> stats(String containerId) {
        ContainerStatus c = containers.get(containerId);
        if (c == null || !(c.state() instanceof ContainerState.Running)) {
            return Optional.empty();
        }
        return Optional.of(new ContainerStats(containerId, Instant.now(), cpuNanos, 20_000_000, 15_000_000, 10_000_000));
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
