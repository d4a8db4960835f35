package io.kube4j.scheduler.queue;

import java.time.Duration;

/**
 * How long a pod that failed waits before it is tried again: {@code initial} after the first
 * attempt, doubling per further attempt, capped at {@code max} (upstream: 1 s, 10 s).
 */
public record BackoffPolicy(Duration initial, Duration max) {

    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(10));

    public BackoffPolicy {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= max");
        }
    }

    /** The backoff after {@code attempts} attempts (1 → initial, 2 → 2×initial, ...), at most max. */
    public Duration durationFor(int attempts) {
        Duration d = initial;
        for (int i = 1; i < attempts; i++) {
            if (d.compareTo(max.minus(d)) > 0) {
                return max;
            }
            d = d.plus(d);
        }
        return d;
    }
}
