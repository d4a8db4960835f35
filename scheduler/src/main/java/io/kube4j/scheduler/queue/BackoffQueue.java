package io.kube4j.scheduler.queue;

import io.kube4j.scheduler.framework.QueuedPodInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Pods waiting out their backoff, ordered by when it ends, findable by key. Not thread-safe:
 * {@link SchedulingQueue} guards it with its lock.
 */
final class BackoffQueue {

    private final BackoffPolicy policy;
    private final PriorityQueue<QueuedPodInfo> heap;
    private final Map<String, QueuedPodInfo> byKey = new HashMap<>();

    BackoffQueue(BackoffPolicy policy) {
        this.policy = policy;
        this.heap = new PriorityQueue<>(Comparator.comparing(this::expiry));
    }

    /** When {@code info}'s current backoff ends: last queue time plus the backoff for its attempts. */
    Instant expiry(QueuedPodInfo info) {
        return info.timestamp().plus(policy.durationFor(info.attempts()));
    }

    boolean isBackingOff(QueuedPodInfo info, Instant now) {
        return expiry(info).isAfter(now);
    }

    void add(QueuedPodInfo info) {
        heap.add(info);
        byKey.put(info.key(), info);
    }

    QueuedPodInfo get(String key) {
        return byKey.get(key);
    }

    boolean contains(String key) {
        return byKey.containsKey(key);
    }

    void remove(String key) {
        QueuedPodInfo info = byKey.remove(key);
        if (info != null) {
            heap.remove(info);
        }
    }

    /** Removes and returns, in expiry order, every pod whose backoff ended at or before {@code now}. */
    List<QueuedPodInfo> pollExpired(Instant now) {
        List<QueuedPodInfo> out = new ArrayList<>();
        while (!heap.isEmpty() && !expiry(heap.peek()).isAfter(now)) {
            QueuedPodInfo info = heap.poll();
            byKey.remove(info.key());
            out.add(info);
        }
        return out;
    }

    int size() {
        return heap.size();
    }

    void forEach(Consumer<QueuedPodInfo> action) {
        heap.forEach(action);
    }
}
