package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Comparator;

/** Pod priority helpers shared by preemption, as upstream's corev1helpers and util. Stateless. */
public final class Priorities {

    /** Upstream's condition type and reason marking a pod the scheduler is evicting. */
    public static final String DISRUPTION_TARGET = "DisruptionTarget";
    public static final String PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";

    /**
     * Higher priority first; equal priorities: the pod started earlier first (upstream's
     * MoreImportantPod), so a sort with this puts the pods to keep first.
     */
    public static final Comparator<Pod> MORE_IMPORTANT_FIRST = Comparator
            .comparingInt(Priorities::priorityOf).reversed()
            .thenComparing(Priorities::startTime);

    private Priorities() {
    }

    /** {@code spec.priority}, 0 when unset (upstream's PodPriority). */
    public static int priorityOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
    }

    /**
     * {@code status.startTime}, falling back to the creation time, and to "now" (the latest
     * possible) when neither is set, so a pod with no start time counts as the youngest.
     */
    public static Instant startTime(Pod pod) {
        String t = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (t == null && pod.getMetadata() != null) {
            t = pod.getMetadata().getCreationTimestamp();
        }
        return t == null ? Instant.MAX : Instant.parse(t);
    }

    /** Whether {@code pod} is being deleted because the scheduler preempted it. */
    public static boolean terminatingByPreemption(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream().anyMatch(c -> DISRUPTION_TARGET.equals(c.getType())
                && "True".equals(c.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(c.getReason()));
    }
}
