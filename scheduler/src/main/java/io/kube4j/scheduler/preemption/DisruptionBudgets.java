package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.List;

/**
 * The cluster's PodDisruptionBudgets as preemption needs them (an informer's store in a running
 * scheduler). Implementations are thread-safe and return a read-only view.
 */
@FunctionalInterface
public interface DisruptionBudgets {

    /** No budgets: every victim may be evicted. */
    DisruptionBudgets NONE = List::of;

    List<PodDisruptionBudget> all();
}
