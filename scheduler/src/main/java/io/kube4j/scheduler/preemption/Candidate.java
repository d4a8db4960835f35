package io.kube4j.scheduler.preemption;

/** A node where preemption would make room for the pod, with its victims. Immutable. */
public record Candidate(String nodeName, Victims victims) {
}
