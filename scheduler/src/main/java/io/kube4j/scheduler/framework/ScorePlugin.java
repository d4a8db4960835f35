package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * Ranks feasible nodes. {@link #score} is called per node (possibly concurrently); after all
 * nodes are scored, {@link #normalizeScore} may rescale them; the result must lie in
 * [{@link #MIN_NODE_SCORE}, {@link #MAX_NODE_SCORE}] and is then multiplied by the plugin's weight.
 */
public interface ScorePlugin extends Plugin {

    long MIN_NODE_SCORE = 0;
    long MAX_NODE_SCORE = 100;

    /**
     * The raw score of {@code node}.
     *
     * @throws PluginException when the plugin cannot score (becomes an Error status)
     */
    long score(CycleState state, Pod pod, NodeInfo node);

    /**
     * Rescales {@code scores} in place; {@code scores[i]} belongs to {@code nodes.get(i)}. The
     * default leaves them as they are.
     */
    default Status normalizeScore(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        return Status.success();
    }
}
