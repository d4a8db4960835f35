package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Upstream's PreFilterExtensions, implemented by PreFilter plugins whose PreFilter state depends
 * on the pods in the cluster: when a simulation (preemption, nominated pods) adds a pod to or
 * removes one from a node, the plugin updates its PreFilter state in {@code state} to match, so
 * Filter sees the changed cluster without PreFilter running again.
 *
 * <p>{@code state} is a copy (see {@link CycleState#copy()}) whose values are shared with other
 * copies: implementations must replace their state value with an updated copy, never mutate it.
 * {@code node} already has the pod added or removed. Thread-safe as the plugin is.
 */
public interface PreFilterExtensions {

    /** {@code added} now runs on {@code node}. */
    Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node);

    /** {@code removed} no longer runs on {@code node}. */
    Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node);
}
