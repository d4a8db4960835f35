package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** A pod's phase from its container statuses (upstream's getPhase). Stateless. */
public final class PodPhases {

    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";

    private PodPhases() {}

    public static boolean terminal(String phase) {
        return SUCCEEDED.equals(phase) || FAILED.equals(phase);
    }

    /** @param incompleteInits the init containers still holding up the pod (sidecars count once started) */
    static String phase(Pod pod, List<ContainerStatus> inits, List<ContainerStatus> apps, StatusInputs.PodFailure failure,
            List<String> incompleteInits) {
        if (failure != null) {
            return FAILED;
        }
        String oldPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (terminal(oldPhase)) {
            return oldPhase; // a terminal phase is never left
        }
        String policy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
        int pendingInit = 0;
        int failedInit = 0;
        for (ContainerStatus s : inits) {
            if (!incompleteInits.contains(s.getName())) {
                continue;
            }
            if (s.getState().getTerminated() != null || lastFailed(s)) {
                failedInit++;
            }
            pendingInit++;
        }
        if (failedInit > 0 && "Never".equals(policy)) {
            return FAILED;
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerStatus s : apps) {
            if (s.getState().getRunning() != null) {
                running++;
            } else if (s.getState().getTerminated() != null) {
                stopped++;
                if (s.getState().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.getLastState() != null && s.getLastState().getTerminated() != null) {
                stopped++; // waiting to restart after a previous run
            } else {
                waiting++;
            }
        }
        if (pendingInit > 0) {
            return deleting && failedInit > 0 ? FAILED : PENDING;
        }
        if (waiting > 0) {
            return PENDING;
        }
        if (running > 0) {
            return RUNNING;
        }
        if (stopped > 0) {
            boolean allSucceeded = stopped == succeeded;
            if (deleting) {
                // A deleted pod whose containers all ended is terminal (upstream since 1.27).
                return allSucceeded ? SUCCEEDED : FAILED;
            }
            if ("Always".equals(policy)) {
                return RUNNING; // it restarts
            }
            if (allSucceeded) {
                return SUCCEEDED;
            }
            return "Never".equals(policy) ? FAILED : RUNNING;
        }
        return PENDING;
    }

    private static boolean lastFailed(ContainerStatus s) {
        return s.getLastState() != null && s.getLastState().getTerminated() != null && s.getLastState().getTerminated().getExitCode() != 0;
    }
}
