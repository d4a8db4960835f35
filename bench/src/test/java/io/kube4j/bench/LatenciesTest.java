package io.kube4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void nearestRankPercentilesOfOneToHundred() {
    Latencies latencies = new Latencies(4);
    for (long n = 100; n >= 1; n--) { // unsorted on purpose, and past the initial capacity
      latencies.add(n);
    }
    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.percentileNanos(0.50)).isEqualTo(50);
    assertThat(latencies.percentileNanos(0.99)).isEqualTo(99);
    assertThat(latencies.percentileNanos(1.0)).isEqualTo(100);
    assertThat(latencies.percentileNanos(0.001)).isEqualTo(1);
  }

  @Test
  void percentileIsAnObservedSample() {
    Latencies latencies = new Latencies();
    latencies.add(1_000_000);
    latencies.add(3_000_000);
    latencies.add(2_000_000);
    assertThat(latencies.percentileMillis(0.50)).isEqualTo(2.0);
    assertThat(latencies.percentileMillis(0.99)).isEqualTo(3.0);
  }

  @Test
  void mergeKeepsEverySampleOfBoth() {
    Latencies a = new Latencies(16);
    Latencies b = new Latencies(16);
    for (int i = 0; i < 40; i++) {
      a.add(i);
      b.add(1000 + i);
    }
    a.merge(b);
    assertThat(a.count()).isEqualTo(80);
    assertThat(a.percentileNanos(0.5)).isEqualTo(39);
    assertThat(a.percentileNanos(1.0)).isEqualTo(1039);
  }

  @Test
  void negativeSamplesAreClampedToZero() {
    Latencies latencies = new Latencies();
    latencies.add(-5);
    assertThat(latencies.percentileNanos(1.0)).isZero();
  }

  @Test
  void noSampleOrBadQuantileIsAnError() {
    assertThatThrownBy(() -> new Latencies().percentileNanos(0.5)).isInstanceOf(IllegalStateException.class);
    Latencies one = new Latencies();
    one.add(1);
    assertThatThrownBy(() -> one.percentileNanos(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> one.percentileNanos(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Latencies.median(3, 1, 2)).isEqualTo(2);
    assertThat(Latencies.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Latencies.median(7)).isEqualTo(7);
    assertThatThrownBy(Latencies::median).isInstanceOf(IllegalArgumentException.class);
  }
}
