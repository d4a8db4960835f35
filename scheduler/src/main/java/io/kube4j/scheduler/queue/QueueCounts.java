package io.kube4j.scheduler.queue;

/** How many pods are in each part of the scheduling queue at one moment. */
public record QueueCounts(int active, int backoff, int unschedulable, int gated) {
}
