package io.kube4j.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a node's agent asks of its container runtime, shaped after the Kubernetes CRI: pod
 * sandboxes (the namespaces and network a pod's containers share), containers inside them, images
 * ({@link #images()}), and the streams behind logs, exec, attach and port-forward.
 *
 * <p>The runtime keeps no knowledge of Kubernetes objects: the kubelet names what it creates with
 * {@link RuntimeLabels} and finds it again after a restart by listing. Every object the runtime
 * made survives a restart of the process that uses it (state lives on disk under the runtime's
 * data directory), and a container's exit code, OOM kill and log are captured even while no
 * process of ours is running.
 *
 * <p>Implementations are thread-safe. Calls block (run them on virtual threads). Failures are
 * {@link RuntimeFailure}s; a lookup of an id that does not exist answers {@link Optional#empty()},
 * and stop/remove of an unknown id is a no-op (idempotent, as CRI's).
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The runtime's name and version, and whether it can run containers on this host now. */
    RuntimeInfo info();

    /** The node's images: pull, import, list, remove. */
    ImageService images();

    /**
     * Creates and starts a pod sandbox: its network namespace (with the pod's IP from CNI unless
     * {@link SandboxConfig#hostNetwork()}), IPC and UTS namespaces, hostname, DNS and hosts files.
     *
     * @throws RuntimeFailure if any step fails; what was made is undone
     */
    SandboxStatus runSandbox(SandboxConfig config);

    /** Stops a sandbox's containers (killing what still runs) and releases its network (CNI DEL). */
    void stopSandbox(String sandboxId);

    /** Removes a stopped sandbox and every container in it, with their files; a running one is stopped first. */
    void removeSandbox(String sandboxId);

    Optional<SandboxStatus> sandbox(String sandboxId);

    List<SandboxStatus> listSandboxes();

    /**
     * The sandboxes labelled {@link RuntimeLabels#POD_UID} {@code podUid} (CRI's ListPodSandbox with a
     * label selector). The default filters {@link #listSandboxes()}; a runtime whose status reads cost
     * per sandbox filters first, since a kubelet's pod worker asks this at every sync.
     */
    default List<SandboxStatus> listSandboxes(String podUid) {
        return listSandboxes().stream().filter(s -> podUid.equals(s.labels().get(RuntimeLabels.POD_UID))).toList();
    }

    /**
     * Creates (does not start) a container in a ready sandbox: its root filesystem over the
     * image's layers, its OCI spec, its log file.
     *
     * @return the new container's id
     * @throws RuntimeFailure if the image is not present ({@link RuntimeFailure.Reason#IMAGE_NOT_PRESENT})
     *     or the container cannot be made
     */
    String createContainer(String sandboxId, ContainerConfig config);

    /** Starts a created container; returns once its process runs (or has already exited). */
    void startContainer(String containerId);

    /**
     * Stops a running container: its stop signal (SIGTERM unless the image says otherwise), then
     * SIGKILL once {@code timeout} has passed; returns when it has exited. A zero timeout kills at once.
     */
    void stopContainer(String containerId, Duration timeout);

    /** Removes an exited (or never started) container and its files; a running one is killed first. Its log file stays. */
    void removeContainer(String containerId);

    Optional<ContainerStatus> container(String containerId);

    List<ContainerStatus> listContainers();

    /**
     * The containers labelled {@link RuntimeLabels#POD_UID} {@code podUid} (CRI's ListContainers with a
     * label selector). The default filters {@link #listContainers()}; see {@link #listSandboxes(String)}.
     */
    default List<ContainerStatus> listContainers(String podUid) {
        return listContainers().stream().filter(c -> podUid.equals(c.labels().get(RuntimeLabels.POD_UID))).toList();
    }

    /** Runs a command in a running container and collects its output (probes). */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /** Runs a command in a running container with its streams connected to the caller (kubectl exec). */
    StreamSession exec(String containerId, List<String> command, boolean tty, boolean stdin);

    /** Connects to the main process of a running container (kubectl attach). */
    StreamSession attach(String containerId, boolean stdin, boolean tty);

    /** Opens a TCP connection to {@code port} on the loopback of the sandbox's network namespace (kubectl port-forward). */
    PortStream portForward(String sandboxId, int port);

    /** CPU and memory of a container from its cgroup; empty if it does not run. */
    Optional<ContainerStats> stats(String containerId);

    /**
     * The directory holding a container's writable layer (its overlay upper dir), for the kubelet's
     * ephemeral-storage accounting (CRI's ContainerStats.writable_layer); empty when the container
     * is unknown or the runtime keeps none on disk (this default).
     */
    default Optional<java.nio.file.Path> writableLayer(String containerId) {
        return Optional.empty();
    }

    /** Releases the runtime's own resources; containers keep running. */
    @Override
    void close();
}
