package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;

/**
 * The pods to evict from one node so the preemptor fits, most important first, and how many of
 * them violate a PodDisruptionBudget. Immutable.
 */
public record Victims(List<Pod> pods, int numPdbViolations) {

    public Victims {
        pods = List.copyOf(pods);
    }
}
