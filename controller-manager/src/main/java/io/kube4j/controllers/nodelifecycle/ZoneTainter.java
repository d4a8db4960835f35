package io.kube4j.controllers.nodelifecycle;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.function.Predicate;

/**
 * The nodes of one zone waiting for their NoExecute taint, released at a rate (upstream's
 * RateLimitedTimedQueue with a token bucket of burst 1): {@link #tryRun} takes nodes in order while
 * the bucket has a token. A rate of 0 releases nothing (full disruption). Not thread-safe: the
 * node lifecycle controller guards it.
 */
final class ZoneTainter {

    private final InstantSource clock;
    private final SequencedSet<String> nodes = new LinkedHashSet<>();
    /** Nodes already tainted: not queued again until {@link #remove} (upstream keeps them in the queue's set). */
    private final java.util.Set<String> done = new java.util.HashSet<>();
    private double qps;
    private double tokens;
    private Instant last;

    ZoneTainter(InstantSource clock, double qps) {
        this.clock = clock;
        swapRate(qps);
    }

    /** Changes the rate; the bucket starts full again (as upstream's SwapLimiter builds a new limiter). */
    void swapRate(double newQps) {
        if (newQps == qps && last != null) {
            return;
        }
        qps = newQps;
        tokens = 1;
        last = clock.instant();
    }

    double rate() {
        return qps;
    }

    /** Queues {@code node} unless it is queued or was tainted since its last {@link #remove}. */
    void add(String node) {
        if (!done.contains(node)) {
            nodes.add(node);
        }
    }

    void remove(String node) {
        nodes.remove(node);
        done.remove(node);
    }

    boolean contains(String node) {
        return nodes.contains(node);
    }

    /** Runs {@code taint} on queued nodes while tokens last; a node whose run returns false stays queued. */
    void tryRun(Predicate<String> taint) {
        List<String> retry = new ArrayList<>();
        while (!nodes.isEmpty() && tryAccept()) {
            String node = nodes.removeFirst();
            if (taint.test(node)) {
                done.add(node);
            } else {
                retry.add(node);
            }
        }
        retry.forEach(nodes::add);
    }

    private boolean tryAccept() {
        if (qps <= 0) {
            return false;
        }
        Instant now = clock.instant();
        double elapsed = Math.max(0, (now.toEpochMilli() - last.toEpochMilli()) / 1000.0);
        tokens = Math.min(1, tokens + elapsed * qps);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
