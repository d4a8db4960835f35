package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a sync does to a pod from its spec and what the runtime has of it (upstream's
 * computePodActions: init containers in order, restartable "sidecar" init containers kept running
 * beside the app containers). Pure: back-off is applied when containers are started.
 */
public final class ComputePodActions {

    /** Whether a running instance's liveness (or startup) probe demands a restart. */
    @FunctionalInterface
    public interface Liveness {
        boolean mustRestart(String containerName, String containerId);
    }

    private ComputePodActions() {}

    public static PodActions compute(Pod pod, RuntimePod runtime, Liveness liveness) {
        String policy = restartPolicy(pod);
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        List<Container> apps = pod.getSpec().getContainers();

        Optional<SandboxStatus> sandbox = runtime.latestSandbox();
        boolean sandboxReady = sandbox.isPresent() && sandbox.get().state() == SandboxStatus.State.READY;
        if (!sandboxReady) {
            int attempt = sandbox.map(s -> s.config().attempt() + 1).orElse(0);
            boolean ranBefore = !runtime.containers().isEmpty();
            if ("Never".equals(policy) && attempt != 0 && ranBefore) {
                return PodActions.NOTHING; // a Never pod whose sandbox ended is not started again
            }
            List<String> toStart = new ArrayList<>();
            for (Container c : apps) {
                if ("OnFailure".equals(policy) && succeeded(runtime, c.getName())) {
                    continue;
                }
                toStart.add(c.getName());
            }
            if (toStart.isEmpty()) {
                return PodActions.NOTHING;
            }
            boolean kill = sandbox.isPresent();
            if (!inits.isEmpty()) {
                return new PodActions(kill, true, attempt, inits.getFirst().getName(), List.of(), List.of());
            }
            return new PodActions(kill, true, attempt, null, toStart, List.of());
        }

        // Init containers, one at a time and in order, in the current sandbox. A restartable init
        // container (a sidecar: restartPolicy Always) lets the next one start once it runs, and is
        // started again whenever it ends, whatever the pod's restartPolicy.
        String sandboxId = sandbox.get().id();
        List<String> sidecarRestarts = new ArrayList<>();
        for (Container init : inits) {
            boolean sidecar = isSidecar(init);
            Optional<ContainerStatus> latest = runtime.instances(init.getName()).stream()
                    .filter(c -> sandboxId.equals(c.sandboxId()))
                    .findFirst();
            if (latest.isEmpty()) {
                return initAction(init);
            }
            switch (latest.get().state()) {
                case ContainerState.Running r -> {
                    if (!sidecar) {
                        return PodActions.NOTHING;
                    }
                }
                case ContainerState.Created c -> {
                    return initAction(init); // made but never started: make it again
                }
                case ContainerState.Exited e -> {
                    if (sidecar) {
                        sidecarRestarts.add(init.getName());
                    } else if (e.exitCode() != 0) {
                        if ("Never".equals(policy)) {
                            return new PodActions(true, false, 0, null, List.of(), List.of()); // the pod has failed
                        }
                        return initAction(init);
                    }
                }
                case ContainerState.Unknown u -> {
                    if (sidecar) {
                        sidecarRestarts.add(init.getName());
                    } else {
                        return "Never".equals(policy) ? new PodActions(true, false, 0, null, List.of(), List.of()) : initAction(init);
                    }
                }
            }
        }

        List<String> toStart = new ArrayList<>(sidecarRestarts);
        List<PodActions.Kill> toKill = new ArrayList<>();
        int keep = 0;
        for (Container c : apps) {
            Optional<ContainerStatus> latest = runtime.latest(c.getName());
            if (latest.isEmpty() || latest.get().state() instanceof ContainerState.Created) {
                toStart.add(c.getName());
                continue;
            }
            ContainerStatus instance = latest.get();
            switch (instance.state()) {
                case ContainerState.Running r -> {
                    boolean restart = !"Never".equals(policy);
                    String hash = instance.annotations().get(RuntimeLabels.CONTAINER_HASH);
                    String message = null;
                    if (hash != null && !hash.equals(ContainerHash.of(c))) {
                        message = "Container " + c.getName() + " definition changed, will be restarted";
                        restart = true;
                    } else if (liveness.mustRestart(c.getName(), instance.id())) {
                        message = "Container " + c.getName() + " failed liveness probe, will be restarted";
                    }
                    if (message == null) {
                        keep++;
                    } else {
                        toKill.add(new PodActions.Kill(instance.id(), c.getName(), message, restart));
                        if (restart) {
                            toStart.add(c.getName());
                        }
                    }
                }
                case ContainerState.Exited e -> {
                    if (shouldRestart(policy, e.exitCode())) {
                        toStart.add(c.getName());
                    }
                }
                case ContainerState.Unknown u -> {
                    if (!"Never".equals(policy)) {
                        toStart.add(c.getName());
                    }
                }
                case ContainerState.Created cr -> toStart.add(c.getName());
            }
        }
        if (keep == 0 && toStart.size() == sidecarRestarts.size() && toKill.isEmpty()) {
            return new PodActions(true, false, 0, null, List.of(), List.of()); // every container is done
        }
        return new PodActions(false, false, 0, null, toStart, toKill);
    }

    private static PodActions initAction(Container init) {
        return new PodActions(false, false, 0, init.getName(), List.of(), List.of());
    }

    /** A restartable init container (upstream's sidecar): restartPolicy Always on an init container. */
    public static boolean isSidecar(Container init) {
        return "Always".equals(init.getRestartPolicy());
    }

    static String restartPolicy(Pod pod) {
        String p = pod.getSpec().getRestartPolicy();
        return p == null || p.isEmpty() ? "Always" : p;
    }

    static boolean shouldRestart(String policy, int exitCode) {
        return switch (policy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    private static boolean succeeded(RuntimePod runtime, String name) {
        return runtime.latest(name).map(c -> c.state() instanceof ContainerState.Exited e && e.exitCode() == 0).orElse(false);
    }
}
