package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/** Runs once before Score over the feasible nodes; Skip means its Score is not called this cycle. */
public interface PreScorePlugin extends Plugin {

    Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes);
}
