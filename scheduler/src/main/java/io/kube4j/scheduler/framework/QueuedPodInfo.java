package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * A pod waiting in the scheduling queue, with the bookkeeping the queue needs: when it was last
 * (re)queued, when it was first queued, how many times it was tried, and which plugins rejected
 * it last time.
 *
 * <p>Not thread-safe: it belongs to the queue (under the queue's lock) while queued, and to the
 * one scheduling cycle that popped it afterwards.
 */
public final class QueuedPodInfo {

    private PodInfo podInfo;
    private Instant timestamp;
    private final Instant initialAttemptTimestamp;
    private int attempts;
    private final Set<String> unschedulablePlugins = new TreeSet<>();
    private boolean gated;

    public QueuedPodInfo(Pod pod, Instant now) {
        this.podInfo = PodInfo.of(pod);
        this.timestamp = now;
        this.initialAttemptTimestamp = now;
    }

    public Pod pod() {
        return podInfo.pod();
    }

    public PodInfo podInfo() {
        return podInfo;
    }

    /** Replaces the pod object (an update arrived while it was queued). */
    public void setPod(Pod pod) {
        this.podInfo = PodInfo.of(pod);
    }

    /** When the pod was last added or moved into a queue. */
    public Instant timestamp() {
        return timestamp;
    }

    public void setTimestamp(Instant timestamp) {
        this.timestamp = timestamp;
    }

    public Instant initialAttemptTimestamp() {
        return initialAttemptTimestamp;
    }

    /** How many times the pod was popped for scheduling. */
    public int attempts() {
        return attempts;
    }

    public void incrementAttempts() {
        attempts++;
    }

    /** The plugins that rejected the pod in its last attempt (empty after an error). */
    public Set<String> unschedulablePlugins() {
        return unschedulablePlugins;
    }

    /** Whether a PreEnqueue plugin holds the pod back. */
    public boolean gated() {
        return gated;
    }

    public void setGated(boolean gated) {
        this.gated = gated;
    }

    /** The pod's priority (0 when unset). */
    public int priority() {
        Integer p = pod().getSpec() == null ? null : pod().getSpec().getPriority();
        return p == null ? 0 : p;
    }

    public String key() {
        return podInfo.key();
    }
}
