package io.kube4j.scheduler.core;

import io.kube4j.scheduler.framework.ScorePlugin;

/**
 * A score plugin enabled in a profile with its weight: the plugin's normalized score (0..100) is
 * multiplied by the weight before the per-node total is summed.
 */
public record WeightedScorePlugin(ScorePlugin plugin, int weight) {

    public WeightedScorePlugin {
        if (weight < 1) {
            throw new IllegalArgumentException("score plugin weight must be at least 1: " + plugin.name());
        }
    }
}
