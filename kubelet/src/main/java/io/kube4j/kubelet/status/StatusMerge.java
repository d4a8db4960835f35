package io.kube4j.kubelet.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a pod's status from going backwards (upstream's status manager checks): a terminal phase
 * is never left, and a container instance once reported terminated is never reported running (or
 * waiting) again under the same container id. Stateless.
 */
public final class StatusMerge {

    private StatusMerge() {}

    /** {@code next} corrected against {@code previous} (what was last reported); {@code previous} may be null. */
    public static PodStatus guard(PodStatus previous, PodStatus next) {
        if (previous == null) {
            return next;
        }
        PodStatus out = new io.fabric8.kubernetes.api.model.PodStatusBuilder(next).build();
        if (PodPhases.terminal(previous.getPhase()) && !previous.getPhase().equals(next.getPhase())) {
            out.setPhase(previous.getPhase());
            out.setReason(previous.getReason());
            out.setMessage(previous.getMessage());
        }
        out.setContainerStatuses(keepTerminated(previous.getContainerStatuses(), next.getContainerStatuses()));
        out.setInitContainerStatuses(keepTerminated(previous.getInitContainerStatuses(), next.getInitContainerStatuses()));
        return out;
    }

    private static List<ContainerStatus> keepTerminated(List<ContainerStatus> previous, List<ContainerStatus> next) {
        if (previous == null || next == null) {
            return next;
        }
        List<ContainerStatus> out = new ArrayList<>(next.size());
        for (ContainerStatus n : next) {
            ContainerStatus kept = n;
            for (ContainerStatus p : previous) {
                if (p.getName().equals(n.getName())
                        && p.getState() != null
                        && p.getState().getTerminated() != null
                        && p.getContainerID() != null
                        && p.getContainerID().equals(n.getContainerID())
                        && n.getState().getTerminated() == null
                        && n.getState().getWaiting() == null) {
                    kept = p; // the same instance cannot run again once it ended
                }
            }
            out.add(kept);
        }
        return out;
    }
}
