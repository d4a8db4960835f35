package io.kube4j.kubelet.eviction;

import java.util.Map;

/**
 * What the pod lifecycle is asked to do to evict a pod: kill it within {@code gracePeriodSeconds}
 * and set its status phase Failed with {@code reason} and {@code message}, plus (when
 * {@code disruptionTarget}) a condition DisruptionTarget=True with reason "TerminationByKubelet"
 * and the same message, as upstream's eviction manager does for pressure evictions (its local
 * storage limit evictions set no condition).
 *
 * @param reason always "Evicted"
 * @param message upstream's text, e.g. "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container app was using 300Mi, request is 0, has larger consumption of memory. "
 * @param annotations upstream's eviction annotations (offending_containers, offending_containers_usage, starved_resource) for the Event
 * @param gracePeriodSeconds 1 for a hard threshold (upstream's immediate eviction grace period)
 * @param disruptionTarget whether the pod gets the DisruptionTarget condition
 */
public record Eviction(String reason, String message, Map<String, String> annotations, long gracePeriodSeconds, boolean disruptionTarget) {

    public static final String REASON = "Evicted";
    public static final String DISRUPTION_TARGET = "DisruptionTarget";
    public static final String TERMINATION_BY_KUBELET = "TerminationByKubelet";

    public Eviction {
        annotations = Map.copyOf(annotations);
    }

    /** A pressure eviction: with the DisruptionTarget condition. */
    public Eviction(String reason, String message, Map<String, String> annotations, long gracePeriodSeconds) {
        this(reason, message, annotations, gracePeriodSeconds, true);
    }
}
