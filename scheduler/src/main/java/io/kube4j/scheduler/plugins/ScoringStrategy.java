package io.kube4j.scheduler.plugins;

import java.util.List;

/**
 * How NodeResourcesFit scores a node from the requested and allocatable amounts of its
 * resources (after adding the incoming pod), as upstream's scoring strategies.
 */
public sealed interface ScoringStrategy {

    /** The resources looked at, with weights. */
    List<ResourceSpec> resources();

    /** Favour emptier nodes: per resource (allocatable - requested) * 100 / allocatable. The default. */
    record LeastAllocated(List<ResourceSpec> resources) implements ScoringStrategy {
        public LeastAllocated {
            resources = List.copyOf(resources);
        }
    }

    /** Favour fuller nodes (bin packing): per resource requested * 100 / allocatable, capped at 100. */
    record MostAllocated(List<ResourceSpec> resources) implements ScoringStrategy {
        public MostAllocated {
            resources = List.copyOf(resources);
        }
    }

    /**
     * Score by a broken-line function of utilization.
     *
     * @param shape points with utilization 0..100 ascending and score 0..10 (scaled to 0..100)
     */
    record RequestedToCapacityRatio(List<ResourceSpec> resources, List<ShapePoint> shape) implements ScoringStrategy {
        public RequestedToCapacityRatio {
            resources = List.copyOf(resources);
            shape = List.copyOf(shape);
            if (shape.isEmpty()) {
                throw new IllegalArgumentException("shape must have at least one point");
            }
            for (int i = 1; i < shape.size(); i++) {
                if (shape.get(i).utilization() <= shape.get(i - 1).utilization()) {
                    throw new IllegalArgumentException("shape utilizations must be strictly increasing");
                }
            }
        }
    }

    /**
     * One point of a RequestedToCapacityRatio shape.
     *
     * @param utilization 0..100 (percent)
     * @param score       0..10
     */
    record ShapePoint(int utilization, int score) {
        public ShapePoint {
            if (utilization < 0 || utilization > 100 || score < 0 || score > 10) {
                throw new IllegalArgumentException("shape point out of range: " + utilization + "," + score);
            }
        }
    }

    /** Upstream's default strategy: LeastAllocated over CPU and memory. */
    static ScoringStrategy defaultStrategy() {
        return new LeastAllocated(ResourceSpec.DEFAULTS);
    }
}
