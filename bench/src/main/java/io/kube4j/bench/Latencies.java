package io.kube4j.bench;

import java.util.Arrays;

/**
 * A growable list of latency samples in nanoseconds, and the percentiles computed from it.
 *
 * <p>Not thread-safe: each load client owns one and the runner {@link #merge merges} them after the
 * clients have stopped. Percentiles use the nearest-rank method on the sorted samples, so every
 * reported figure is a latency that was actually observed.
 */
public final class Latencies {
  private long[] samples;
  private int size;

  public Latencies() {
    this(1024);
  }

  public Latencies(int initialCapacity) {
    samples = new long[Math.max(16, initialCapacity)];
  }

  /** Records one sample; negative samples (clock skew between threads) are clamped to 0. */
  public void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[size++] = Math.max(0, nanos);
  }

  public int count() {
    return size;
  }

  /** Appends every sample of {@code other} to this list. */
  public void merge(Latencies other) {
    if (size + other.size > samples.length) {
      samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + other.size));
    }
    System.arraycopy(other.samples, 0, samples, size, other.size);
    size += other.size;
  }

  /**
   * The {@code q}-quantile by nearest rank: the smallest sample such that at least
   * {@code q * count} samples are less than or equal to it.
   *
   * @param q in (0, 1]
   * @throws IllegalStateException when there is no sample
   */
  public long percentileNanos(double q) {
    if (q <= 0 || q > 1) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
    }
    if (size == 0) {
      throw new IllegalStateException("no samples");
    }
    Arrays.sort(samples, 0, size);
    int rank = (int) Math.ceil(q * size);
    return samples[Math.max(rank, 1) - 1];
  }

  /** {@link #percentileNanos} in milliseconds. */
  public double percentileMillis(double q) {
    return percentileNanos(q) / 1_000_000.0;
  }

  /**
   * The median of {@code values} (mean of the two middle values when their count is even).
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  public static double median(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of nothing");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
