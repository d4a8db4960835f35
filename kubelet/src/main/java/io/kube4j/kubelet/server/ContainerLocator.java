package io.kube4j.kubelet.server;

import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds what a request names (namespace, pod, container) among what the runtime runs, by the
 * {@link RuntimeLabels} the kubelet stamped on it: the newest attempt of a container is the current
 * instance, the one before it the previous; the newest ready sandbox is the pod's. Stateless;
 * thread-safe (every lookup lists the runtime anew).
 */
public final class ContainerLocator {

    private final ContainerRuntime runtime;

    public ContainerLocator(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The current (or with {@code previous}, the previous) instance of a container.
     *
     * @throws HttpError 400 when the pod has no such container on this node (yet), or the previous
     *     instance is asked for and there is none (upstream's wording)
     */
    public ContainerStatus container(String namespace, String pod, String container, boolean previous) {
        List<ContainerStatus> instances = runtime.listContainers().stream()
                .filter(c -> matches(c.labels(), namespace, pod) && container.equals(c.labels().get(RuntimeLabels.CONTAINER_NAME)))
                .sorted(Comparator.comparingInt(ContainerStatus::attempt)
                        .thenComparing(c -> c.state().createdAt()).reversed())
                .toList();
        if (instances.isEmpty()) {
            throw new HttpError(400, "container \"" + container + "\" in pod \"" + pod
                    + "\" is waiting to start: ContainerCreating");
        }
        if (!previous) {
            return instances.getFirst();
        }
        if (instances.size() < 2) {
            throw new HttpError(400, "previous terminated container \"" + container + "\" in pod \"" + pod
                    + "\" not found");
        }
        return instances.get(1);
    }

    /**
     * The current instance, which must be running (exec, attach).
     *
     * @throws HttpError 404 when there is none, 400 when it does not run (upstream's wording)
     */
    public ContainerStatus running(String namespace, String pod, String container) {
        ContainerStatus current = container(namespace, pod, container, false);
        if (!(current.state() instanceof ContainerState.Running)) {
            throw new HttpError(400, "container " + container + " is not valid for pod " + pod
                    + ": the container is not running");
        }
        return current;
    }

    /**
     * The pod's ready sandbox (port-forward).
     *
     * @throws HttpError 404 when the pod has no ready sandbox on this node
     */
    public SandboxStatus sandbox(String namespace, String pod) {
        return runtime.listSandboxes().stream()
                .filter(s -> s.state() == SandboxStatus.State.READY && matches(s.labels(), namespace, pod))
                .max(Comparator.comparing(SandboxStatus::createdAt))
                .orElseThrow(() -> new HttpError(404, "pod " + namespace + "/" + pod + " not found on this node"));
    }

    private static boolean matches(Map<String, String> labels, String namespace, String pod) {
        return namespace.equals(labels.get(RuntimeLabels.POD_NAMESPACE)) && pod.equals(labels.get(RuntimeLabels.POD_NAME));
    }
}
