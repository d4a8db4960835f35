package io.kube4j.kubelet.status;

import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the runtime has of one pod, found by the {@link RuntimeLabels#POD_UID} label (upstream's
 * kubecontainer.PodStatus): its sandboxes and every container instance, newest first. Everything
 * the kubelet knows about a pod's containers (restart counts, last exit codes) is read from here,
 * so that a restarted kubelet rebuilds it from the runtime alone.
 *
 * <p>Immutable.
 */
public record RuntimePod(String uid, List<SandboxStatus> sandboxes, List<ContainerStatus> containers) {

    private static final Comparator<SandboxStatus> SANDBOX_NEWEST_FIRST =
            Comparator.comparing((SandboxStatus s) -> s.config().attempt()).thenComparing(SandboxStatus::createdAt).reversed();
    private static final Comparator<ContainerStatus> CONTAINER_NEWEST_FIRST =
            Comparator.comparing((ContainerStatus c) -> c.state().createdAt()).thenComparing(RuntimePod::restartCount).reversed();

    public RuntimePod {
        sandboxes = sandboxes.stream().sorted(SANDBOX_NEWEST_FIRST).toList();
        containers = containers.stream().sorted(CONTAINER_NEWEST_FIRST).toList();
    }

    /** The part of the runtime's lists that belongs to the pod {@code uid}. */
    public static RuntimePod of(String uid, List<SandboxStatus> allSandboxes, List<ContainerStatus> allContainers) {
        return new RuntimePod(
                uid,
                allSandboxes.stream().filter(s -> uid.equals(s.labels().get(RuntimeLabels.POD_UID))).toList(),
                allContainers.stream().filter(c -> uid.equals(c.labels().get(RuntimeLabels.POD_UID))).toList());
    }

    public static RuntimePod empty(String uid) {
        return new RuntimePod(uid, List.of(), List.of());
    }

    /** The newest sandbox (the one containers are started in), if any. */
    public Optional<SandboxStatus> latestSandbox() {
        return sandboxes.stream().findFirst();
    }

    /** The newest sandbox when it is ready. */
    public Optional<SandboxStatus> readySandbox() {
        return latestSandbox().filter(s -> s.state() == SandboxStatus.State.READY);
    }

    /** Every instance of the container {@code name}, newest first. */
    public List<ContainerStatus> instances(String name) {
        return containers.stream().filter(c -> name.equals(containerName(c))).toList();
    }

    public Optional<ContainerStatus> latest(String name) {
        return containers.stream().filter(c -> name.equals(containerName(c))).findFirst();
    }

    public boolean anyRunning() {
        return containers.stream().anyMatch(c -> c.state() instanceof ContainerState.Running);
    }

    /** The container's name in its pod: its label, else the runtime's name for it. */
    public static String containerName(ContainerStatus c) {
        return c.labels().getOrDefault(RuntimeLabels.CONTAINER_NAME, c.name());
    }

    /** The restart count the instance was created for (the annotation the kubelet stamped), else its attempt. */
    public static int restartCount(ContainerStatus c) {
        String value = c.annotations().get(RuntimeLabels.CONTAINER_RESTART_COUNT);
        if (value != null) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException ignored) {
                // a foreign annotation: fall back to the runtime's attempt
            }
        }
        return c.attempt();
    }
}
