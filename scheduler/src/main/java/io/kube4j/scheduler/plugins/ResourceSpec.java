package io.kube4j.scheduler.plugins;

import java.util.List;

/**
 * A resource that a resource-based score looks at, with its weight in the weighted average.
 *
 * @param name   the Kubernetes resource name ({@code cpu}, {@code memory}, {@code example.com/gpu})
 * @param weight at least 1
 */
public record ResourceSpec(String name, long weight) {

    /** Upstream's default: CPU and memory, weight 1 each. */
    public static final List<ResourceSpec> DEFAULTS = List.of(new ResourceSpec("cpu", 1), new ResourceSpec("memory", 1));

    public ResourceSpec {
        if (weight < 1) {
            throw new IllegalArgumentException("resource weight must be at least 1: " + name);
        }
    }
}
