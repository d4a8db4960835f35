package io.kube4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a closed-loop load: {@code clients} virtual threads, each issuing one blocking operation at a
 * time, until either {@code maxOps} operations were issued in total or {@code duration} elapsed.
 * Each operation must bound its own wait (a timeout on the future it blocks on), so the whole run is
 * bounded by {@code duration} plus one operation timeout.
 */
public final class ClosedLoop {
  /** One blocking request; {@code seq} is unique across the clients of one run. */
  @FunctionalInterface
  public interface Operation {
    void run(int client, long seq) throws Exception;
  }

  /**
   * What a run did: latencies of the successful operations, failures, and the wall time from start
   * until the last client stopped.
   */
  public record Outcome(Latencies latencies, long errors, String firstError, Duration elapsed) {
    public long succeeded() {
      return latencies.count();
    }

    public double opsPerSecond() {
      return succeeded() / (elapsed.toNanos() / 1e9);
    }
  }

  private ClosedLoop() {}

  public static Outcome run(int clients, long maxOps, Duration duration, Operation operation) throws InterruptedException {
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Future<Latencies>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(threads.submit(() -> {
          Latencies mine = new Latencies((int) Math.min(maxOps / clients + 16, 1 << 16));
          while (System.nanoTime() < deadline) {
            long seq = issued.getAndIncrement();
            if (seq >= maxOps) {
              break;
            }
            long t0 = System.nanoTime();
            try {
              operation.run(client, seq);
              mine.add(System.nanoTime() - t0);
            } catch (InterruptedException e) {
              throw e;
            } catch (Exception e) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, describe(e));
            }
          }
          return mine;
        }));
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Latencies all = new Latencies();
    for (Future<Latencies> result : results) {
      try {
        all.merge(result.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("load client died", e.getCause());
      }
    }
    return new Outcome(all, errors.get(), firstError.get(), elapsed);
  }

  public static String describe(Throwable e) {
    Throwable root = e;
    while ((root instanceof ExecutionException || root instanceof java.util.concurrent.CompletionException)
        && root.getCause() != null) {
      root = root.getCause();
    }
    return root.toString();
  }
}
