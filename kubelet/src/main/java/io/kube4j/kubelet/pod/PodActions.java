package io.kube4j.kubelet.pod;

import java.util.List;

/**
 * What one sync must do to a pod (upstream's podActions).
 *
 * @param killPod stop every running container and the sandbox (a dead sandbox, a finished or failed pod)
 * @param createSandbox make a new sandbox (after killing the pod when there was one)
 * @param sandboxAttempt the new sandbox's attempt
 * @param nextInit the init container to start next, or null
 * @param containersToStart containers to (re)start: exited sidecar init containers first, then app containers in spec order
 * @param containersToKill running instances to stop first (liveness failure, changed spec)
 */
public record PodActions(
        boolean killPod,
        boolean createSandbox,
        int sandboxAttempt,
        String nextInit,
        List<String> containersToStart,
        List<Kill> containersToKill) {

    public PodActions {
        containersToStart = List.copyOf(containersToStart);
        containersToKill = List.copyOf(containersToKill);
    }

    static final PodActions NOTHING = new PodActions(false, false, 0, null, List.of(), List.of());

    /**
     * A running instance to stop, with upstream's Killing event message.
     *
     * @param restart whether it is started again in this sync (the restart policy allows it)
     */
    public record Kill(String containerId, String name, String message, boolean restart) {}

    public boolean nothing() {
        return !killPod && !createSandbox && nextInit == null && containersToStart.isEmpty() && containersToKill.isEmpty();
    }
}
