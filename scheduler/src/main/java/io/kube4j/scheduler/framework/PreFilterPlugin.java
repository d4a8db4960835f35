package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Runs once per cycle before Filter: precomputes per-pod state into the CycleState, may reject
 * the pod outright, may narrow the candidate nodes, or may return Skip so that its Filter is not
 * called this cycle.
 */
public interface PreFilterPlugin extends Plugin {

    PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes);
}
