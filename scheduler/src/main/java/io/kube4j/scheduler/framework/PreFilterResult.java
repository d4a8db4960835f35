package io.kube4j.scheduler.framework;

import java.util.Set;

/**
 * What a PreFilter plugin returns: a status and, optionally, the only nodes worth filtering
 * (null means all nodes).
 *
 * @param status    the outcome, never null
 * @param nodeNames the nodes the pod can possibly fit, or null for no restriction
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {

    private static final PreFilterResult SUCCESS = new PreFilterResult(Status.success(), null);

    public PreFilterResult {
        nodeNames = nodeNames == null ? null : Set.copyOf(nodeNames);
    }

    public static PreFilterResult success() {
        return SUCCESS;
    }

    public static PreFilterResult of(Status status) {
        return new PreFilterResult(status, null);
    }

    /** Success, restricted to {@code names}. */
    public static PreFilterResult restrictTo(Set<String> names) {
        return new PreFilterResult(Status.success(), names);
    }
}
