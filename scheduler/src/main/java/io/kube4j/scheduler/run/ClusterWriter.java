package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The scheduler's writes to the apiserver: binding a pod, recording why it could not be placed,
 * and events. Implementations must be thread-safe (bindings run off the scheduling thread).
 */
public interface ClusterWriter {

    /**
     * Binds {@code pod} to {@code nodeName} (a v1 Binding posted to pods/binding).
     *
     * @throws RuntimeException if the apiserver refused or could not be reached
     */
    void bind(Pod pod, String nodeName);

    /**
     * Sets the pod's PodScheduled condition to False with {@code reason} and {@code message}
     * through the status subresource; does nothing if the pod already carries that condition.
     *
     * @throws RuntimeException if the apiserver refused or could not be reached
     */
    void markUnschedulable(Pod pod, String reason, String message);

    /**
     * Records an event about {@code pod}. Best effort: failures are logged, never thrown.
     *
     * @param type   "Normal" or "Warning"
     * @param reason e.g. "Scheduled", "FailedScheduling"
     * @param action e.g. "Binding", "Scheduling"
     */
    void event(Pod pod, String type, String reason, String action, String note);

    /**
     * Sets the pod's {@code status.nominatedNodeName} through the status subresource, or clears
     * it when {@code nodeName} is null or empty.
     *
     * @throws RuntimeException if the apiserver refused or could not be reached
     */
    void setNominatedNodeName(Pod pod, String nodeName);

    /**
     * Evicts {@code victim} for {@code preemptor}, as upstream's preemption: first the
     * DisruptionTarget condition (reason PreemptionByScheduler) through the status subresource,
     * then the delete (an already deleted victim is not an error), then a Normal "Preempted"
     * event on the victim.
     *
     * @throws RuntimeException if the condition or the delete was refused or could not be sent
     */
    void preempt(Pod victim, Pod preemptor, String nodeName);
}
