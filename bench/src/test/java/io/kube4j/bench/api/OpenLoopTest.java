package io.kube4j.bench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenLoopTest {

  record ScheduleCase(double perSecond, long index, long expectedOffsetNanos) {}

  static Stream<ScheduleCase> schedules() {
    return Stream.of(
        new ScheduleCase(500, 0, 0),
        new ScheduleCase(500, 1, 2_000_000),
        new ScheduleCase(500, 500, 1_000_000_000),
        new ScheduleCase(500, 10_000, 20_000_000_000L),
        new ScheduleCase(3, 1, 333_333_333),
        new ScheduleCase(3, 2, 666_666_667));
  }

  @ParameterizedTest
  @MethodSource("schedules")
  void requestsAreSpacedEvenlyFromTheOrigin(ScheduleCase c) {
    OpenLoop.Schedule schedule = new OpenLoop.Schedule(1_000, c.perSecond());
    assertThat(schedule.intendedNanos(c.index()) - 1_000).isEqualTo(c.expectedOffsetNanos());
  }

  @Test
  void aRunIssuesRateTimesDuration() {
    assertThat(new OpenLoop.Schedule(0, 500).count(Duration.ofSeconds(20))).isEqualTo(10_000);
    assertThat(new OpenLoop.Schedule(0, 3).count(Duration.ofMillis(1000))).isEqualTo(3);
    assertThat(new OpenLoop.Schedule(0, 3).count(Duration.ofMillis(1001))).isEqualTo(4);
    assertThatThrownBy(() -> new OpenLoop.Schedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void latencyCountsFromTheIntendedStartNotTheActualOne() {
    assertThat(OpenLoop.latencyNanos(1_000, 5_000)).isEqualTo(4_000);
    assertThat(OpenLoop.latencyNanos(5_000, 1_000)).isZero();
  }

  @Test
  void theIssuerKeepsTheRateWhateverTheServersSpeed() throws Exception {
    // Every request takes 200 ms; a closed loop of one would manage 5/s, the open loop still
    // starts 100/s and so has ~20 in flight.
    ScheduledExecutorService delay = Executors.newSingleThreadScheduledExecutor();
    try {
      long began = System.nanoTime();
      OpenLoop.Outcome outcome = OpenLoop.run(100, Duration.ofMillis(300), Duration.ofSeconds(5), seq -> {
        CompletableFuture<Void> done = new CompletableFuture<>();
        delay.schedule(() -> done.complete(null), 200, TimeUnit.MILLISECONDS);
        return done;
      });
      long tookMillis = (System.nanoTime() - began) / 1_000_000;
      assertThat(outcome.issued()).isEqualTo(30);
      assertThat(outcome.errors()).isZero();
      assertThat(outcome.latencies().count()).isEqualTo(30);
      assertThat(outcome.latencies().percentileMillis(0.01)).isGreaterThanOrEqualTo(200);
      // 30 requests at 100/s take ~290 ms to issue, + 200 ms: well below the 6 s of a closed loop.
      assertThat(tookMillis).isBetween(480L, 3_000L);
    } finally {
      delay.shutdownNow();
    }
  }

  @Test
  void failuresAndStragglersAreErrorsNotLatencies() throws Exception {
    OpenLoop.Outcome outcome = OpenLoop.run(1000, Duration.ofMillis(10), Duration.ofMillis(200), seq -> switch ((int) seq % 3) {
      case 0 -> CompletableFuture.completedFuture(null);
      case 1 -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
      default -> new CompletableFuture<Void>(); // never completes
    });
    assertThat(outcome.issued()).isEqualTo(10);
    assertThat(outcome.latencies().count()).isEqualTo(4);
    assertThat(outcome.errors()).isEqualTo(6);
    assertThat(outcome.firstError()).contains("boom");
  }
}
