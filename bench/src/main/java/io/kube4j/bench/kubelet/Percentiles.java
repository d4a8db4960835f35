package io.kube4j.bench.kubelet;

import java.util.Arrays;
import java.util.List;

/**
 * Nearest-rank percentiles of one run's latencies, in seconds. Immutable.
 *
 * @param count how many samples
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest
 */
record Percentiles(int count, double p50, double p90, double p99, double max) {

    /** Of {@code seconds}; all zero when there is none. */
    static Percentiles of(List<Double> seconds) {
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code q} of the samples at or below it. */
    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The median of {@code values} (the upper one of an even count, as the other harnesses). */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }
}
