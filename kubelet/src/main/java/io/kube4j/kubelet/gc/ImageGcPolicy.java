package io.kube4j.kubelet.gc;

import java.time.Duration;

/**
 * When images are garbage-collected (upstream's ImageGCPolicy): once the image filesystem is at
 * least {@code highThresholdPercent} used, unused images are removed until it is at most
 * {@code lowThresholdPercent} used, never one first seen less than {@code minAge} ago.
 */
public record ImageGcPolicy(int highThresholdPercent, int lowThresholdPercent, Duration minAge) {

    /** Upstream's defaults: 85 %, 80 %, 2 minutes. */
    public static final ImageGcPolicy DEFAULT = new ImageGcPolicy(85, 80, Duration.ofMinutes(2));

    public ImageGcPolicy {
        if (highThresholdPercent < 0 || highThresholdPercent > 100 || lowThresholdPercent < 0 || lowThresholdPercent > 100) {
            throw new IllegalArgumentException("image GC thresholds are percentages between 0 and 100");
        }
        if (lowThresholdPercent > highThresholdPercent) {
            throw new IllegalArgumentException("imageGCLowThresholdPercent (" + lowThresholdPercent
                    + ") must not exceed imageGCHighThresholdPercent (" + highThresholdPercent + ")");
        }
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("imageMinimumGCAge must not be negative");
        }
    }
}
