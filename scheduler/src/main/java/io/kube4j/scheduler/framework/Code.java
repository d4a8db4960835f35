package io.kube4j.scheduler.framework;

/**
 * The outcome class of a plugin call, as upstream's framework codes.
 *
 * <p>{@link #UNSCHEDULABLE} means the pod may fit after the cluster changes (or after preemption);
 * {@link #UNSCHEDULABLE_AND_UNRESOLVABLE} means preemption cannot help on that node.
 */
public enum Code {
    /** The plugin ran and found nothing against the pod. */
    SUCCESS,
    /** An internal failure (bad state, bug); not a verdict on the pod. */
    ERROR,
    /** The pod does not fit now; preemption or a cluster change may help. */
    UNSCHEDULABLE,
    /** The pod does not fit and preemption on that node would not help. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** A Permit plugin holds the pod until it is allowed or rejected. */
    WAIT,
    /** The plugin has nothing to do for this pod; its later hooks are skipped in this cycle. */
    SKIP
}
