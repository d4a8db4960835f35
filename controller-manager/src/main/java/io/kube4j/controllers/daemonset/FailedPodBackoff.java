package io.kube4j.controllers.daemonset;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The back-off between deletions of failed daemon pods on one node (upstream's failedPodsBackoff:
 * 1 s doubling to 15 min), so a DaemonSet does not hot-loop against a kubelet that keeps rejecting
 * its pod. Keys are {@code <ds uid>/<node>}; an entry idle for twice the maximum starts over.
 * Thread-safe.
 */
final class FailedPodBackoff {

    static final Duration INITIAL = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofMinutes(15);

    private record Entry(Duration delay, Instant last) {
    }

    private final InstantSource clock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    FailedPodBackoff(InstantSource clock) {
        this.clock = clock;
    }

    /** The remaining wait before {@code key} may delete again, or zero when it may now. */
    Duration remaining(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), e.last().plus(e.delay()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Records a deletion for {@code key}, doubling its delay. */
    void next(String key) {
        Instant now = clock.instant();
        entries.compute(key, (k, e) -> {
            if (e == null || now.isAfter(e.last().plus(MAX.multipliedBy(2)))) {
                return new Entry(INITIAL, now);
            }
            Duration doubled = e.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(MAX) > 0 ? MAX : doubled, now);
        });
    }
}
