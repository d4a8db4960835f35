package io.kube4j.controllers.namespace;

import java.util.List;
import java.util.Map;

/**
 * What one pass over a terminating namespace's content found. Immutable.
 *
 * @param remaining        objects left per group-resource (e.g. {@code pods}, {@code deployments.apps}), only non-zero counts
 * @param finalizers       objects left per finalizer they carry
 * @param failures         the deletions or lists that failed, one message per group-resource
 * @param estimateSeconds  how long the remaining pods may take to terminate (0 when none are terminating)
 */
public record ContentReport(Map<String, Integer> remaining, Map<String, Integer> finalizers, List<String> failures,
        long estimateSeconds) {

    public ContentReport {
        remaining = Map.copyOf(remaining);
        finalizers = Map.copyOf(finalizers);
        failures = List.copyOf(failures);
    }

    /** Whether the namespace holds nothing any more and nothing failed. */
    public boolean empty() {
        return remaining.isEmpty() && failures.isEmpty();
    }
}
