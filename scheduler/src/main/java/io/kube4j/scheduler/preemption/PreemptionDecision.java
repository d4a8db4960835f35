package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * What DefaultPreemption decided for a pod, left in the CycleState under {@link #STATE_KEY} for
 * the scheduling loop to carry out: evict {@code victims}, clear the nomination of the
 * lower-priority pods nominated to the same node, nominate the preemptor to {@code nodeName}.
 * Immutable.
 */
public record PreemptionDecision(Pod preemptor, String nodeName, List<Pod> victims, List<Pod> nominationsToClear) {

    /** Where the decision is stored in the CycleState. */
    public static final String STATE_KEY = "DefaultPreemption/decision";

    public PreemptionDecision {
        victims = List.copyOf(victims);
        nominationsToClear = List.copyOf(nominationsToClear);
    }
}
