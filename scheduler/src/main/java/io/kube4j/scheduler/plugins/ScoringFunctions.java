package io.kube4j.scheduler.plugins;

import io.kube4j.scheduler.framework.ScorePlugin;

import java.util.List;

/**
 * The arithmetic of the resource scores, integer-exact as upstream (integer division where it
 * divides, rounding only where it rounds). Stateless.
 */
final class ScoringFunctions {

    private static final long MAX = ScorePlugin.MAX_NODE_SCORE;
    private static final long MAX_UTILIZATION = 100;
    /** Shape scores are 0..10; the scheduler's range is 0..100. */
    private static final long SHAPE_SCALE = MAX / 10;

    private ScoringFunctions() {
    }

    static long score(ScoringStrategy strategy, long[] requested, long[] allocatable) {
        List<ResourceSpec> resources = strategy.resources();
        return switch (strategy) {
            case ScoringStrategy.LeastAllocated s -> weightedFloor(resources, requested, allocatable, ScoringFunctions::least);
            case ScoringStrategy.MostAllocated s -> weightedFloor(resources, requested, allocatable, ScoringFunctions::most);
            case ScoringStrategy.RequestedToCapacityRatio s -> ratio(s, requested, allocatable);
        };
    }

    static long least(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX / capacity;
    }

    static long most(long requested, long capacity) {
        if (capacity == 0) {
            return 0;
        }
        return Math.min(requested, capacity) * MAX / capacity;
    }

    /** Upstream's broken linear function over shape points (already scaled to 0..100 scores). */
    static long brokenLinear(List<ScoringStrategy.ShapePoint> shape, long utilization) {
        for (int i = 0; i < shape.size(); i++) {
            var p = shape.get(i);
            if (utilization <= p.utilization()) {
                if (i == 0) {
                    return p.score() * SHAPE_SCALE;
                }
                var prev = shape.get(i - 1);
                long s0 = prev.score() * SHAPE_SCALE;
                long s1 = p.score() * SHAPE_SCALE;
                return s0 + (s1 - s0) * (utilization - prev.utilization()) / (p.utilization() - prev.utilization());
            }
        }
        return shape.getLast().score() * SHAPE_SCALE;
    }

    /** Balanced allocation: 100 * (1 - standard deviation of the per-resource fractions). */
    static long balanced(long[] requested, long[] allocatable) {
        double[] fractions = new double[requested.length];
        int n = 0;
        double total = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            double f = Math.min(1.0, (double) requested[i] / allocatable[i]);
            fractions[n++] = f;
            total += f;
        }
        double std = 0;
        if (n == 2) {
            std = Math.abs((fractions[0] - fractions[1]) / 2);
        } else if (n > 2) {
            double mean = total / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += (fractions[i] - mean) * (fractions[i] - mean);
            }
            std = Math.sqrt(sum / n);
        }
        return (long) ((1 - std) * MAX);
    }

    private interface PerResource {
        long apply(long requested, long capacity);
    }

    private static long weightedFloor(List<ResourceSpec> resources, long[] requested, long[] allocatable, PerResource f) {
        long score = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long w = resources.get(i).weight();
            score += f.apply(requested[i], allocatable[i]) * w;
            weights += w;
        }
        return weights == 0 ? 0 : score / weights;
    }

    private static long ratio(ScoringStrategy.RequestedToCapacityRatio s, long[] requested, long[] allocatable) {
        long score = 0;
        long weights = 0;
        for (int i = 0; i < requested.length; i++) {
            if (allocatable[i] == 0) {
                continue;
            }
            long utilization = requested[i] > allocatable[i] ? MAX_UTILIZATION : requested[i] * MAX_UTILIZATION / allocatable[i];
            long resourceScore = brokenLinear(s.shape(), utilization);
            // Upstream leaves zero-scoring resources out of the average altogether.
            if (resourceScore > 0) {
                long w = s.resources().get(i).weight();
                score += resourceScore * w;
                weights += w;
            }
        }
        return weights == 0 ? 0 : Math.round((double) score / weights);
    }
}
