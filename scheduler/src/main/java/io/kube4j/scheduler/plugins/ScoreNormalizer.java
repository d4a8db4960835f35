package io.kube4j.scheduler.plugins;

import io.kube4j.scheduler.framework.ScorePlugin;

/** Upstream's DefaultNormalizeScore: scale so the highest score becomes MAX_NODE_SCORE, optionally reversed. */
final class ScoreNormalizer {

    private ScoreNormalizer() {
    }

    /**
     * Rescales in place. When every score is 0, they stay 0 (or all become the maximum when
     * {@code reverse}).
     */
    static void normalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        long top = ScorePlugin.MAX_NODE_SCORE;
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, top);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = top * scores[i] / max;
            scores[i] = reverse ? top - s : s;
        }
    }
}
