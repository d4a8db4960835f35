package io.kube4j.bench.api;

import io.kube4j.bench.ClosedLoop;
import io.kube4j.bench.Latencies;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: requests start at a fixed arrival rate whatever the server's speed, and each
 * latency is measured from the request's <em>intended</em> start time, so time spent queueing behind
 * a slow server (or a late issuer) counts, as a real arrival stream would see it. A closed loop
 * would instead slow down with the server and hide that ("coordinated omission").
 *
 * <p>One issuing thread (the caller's) starts every operation; operations must be asynchronous and
 * bound their own wait. Not reentrant per instance; stateless, so thread-safe to share.
 */
final class OpenLoop {
  /** Starts one request and returns its completion; {@code seq} runs from 0 upwards. */
  @FunctionalInterface
  interface AsyncOperation {
    CompletableFuture<?> start(long seq) throws Exception;
  }

  /**
   * When request {@code i} of a run is meant to start.
   *
   * @param startNanos the run's origin on the {@link System#nanoTime()} clock
   * @param perSecond the arrival rate, above 0
   */
  record Schedule(long startNanos, double perSecond) {
    Schedule {
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("rate must be above 0, got " + perSecond);
      }
    }

    long intendedNanos(long i) {
      return startNanos + Math.round(i * 1e9 / perSecond);
    }

    /** How many requests a run of {@code duration} issues: those intended strictly before its end. */
    long count(Duration duration) {
      return (long) Math.ceil(duration.toNanos() * perSecond / 1e9);
    }
  }

  /**
   * What a run did.
   *
   * @param latencies from intended start to completion, of the successful requests
   * @param issued requests started
   * @param errors requests that failed or did not complete within the drain timeout
   * @param maxIssueLagNanos how far behind its schedule the issuer fell at worst (0 when on time)
   * @param elapsed from the schedule's origin until the last request completed
   */
  record Outcome(Latencies latencies, long issued, long errors, String firstError, long maxIssueLagNanos,
      Duration elapsed) {
    double completedPerSecond() {
      return latencies.count() / (elapsed.toNanos() / 1e9);
    }
  }

  private OpenLoop() {}

  /** The latency of a request meant to start at {@code intendedNanos} that completed at {@code doneNanos}. */
  static long latencyNanos(long intendedNanos, long doneNanos) {
    return Math.max(0, doneNanos - intendedNanos);
  }

  /**
   * Issues {@code perSecond} requests per second for {@code duration}, then waits at most
   * {@code drain} for the stragglers (which count as errors if still running).
   */
  static Outcome run(double perSecond, Duration duration, Duration drain, AsyncOperation operation)
      throws InterruptedException {
    Schedule schedule = new Schedule(System.nanoTime(), perSecond);
    int total = Math.toIntExact(schedule.count(duration));
    long[] latency = new long[total];
    boolean[] ok = new boolean[total];
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    CompletableFuture<?>[] all = new CompletableFuture<?>[total];
    long maxLag = 0;
    for (int i = 0; i < total; i++) {
      long intended = schedule.intendedNanos(i);
      long wait = intended - System.nanoTime();
      while (wait > 0) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        wait = intended - System.nanoTime();
      }
      maxLag = Math.max(maxLag, -wait);
      int slot = i;
      CompletableFuture<?> started;
      try {
        started = operation.start(i);
      } catch (Exception e) {
        started = CompletableFuture.failedFuture(e);
      }
      all[i] = started.handle((result, failure) -> {
        if (failure == null) {
          latency[slot] = latencyNanos(intended, System.nanoTime());
          ok[slot] = true;
        } else {
          errors.incrementAndGet();
          firstError.compareAndSet(null, ClosedLoop.describe(failure));
        }
        return null;
      });
    }
    try {
      CompletableFuture.allOf(all).get(drain.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      firstError.compareAndSet(null, "requests still running " + drain.toSeconds() + " s after the last was issued");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot happen: failures are handled per request", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - schedule.startNanos());
    Latencies latencies = new Latencies(total);
    long unfinished = 0;
    for (int i = 0; i < total; i++) {
      if (!all[i].isDone()) {
        unfinished++;
      } else if (ok[i]) {
        latencies.add(latency[i]);
      }
    }
    return new Outcome(latencies, total, errors.get() + unfinished, firstError.get(), maxLag, elapsed);
  }
}
