package io.kube4j.scheduler.core;

/** A feasible node's weighted total score over all score plugins. */
public record NodeScore(String name, long totalScore) {
}
