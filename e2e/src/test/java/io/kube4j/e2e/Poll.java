package io.kube4j.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling for the cluster tests: every wait has a deadline and fails saying what it waited for. */
final class Poll {

  private static final long INTERVAL_MILLIS = 100;

  private Poll() {}

  /**
   * Calls {@code probe} until it returns non-null (a {@link RuntimeException} counts as "not yet"),
   * at most for {@code timeout}.
   *
   * @return the first non-null answer
   * @throws AssertionError naming {@code what} and the last answer or error when time runs out
   */
  static <T> T until(Duration timeout, String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = "no answer yet";
    do {
      try {
        T answer = probe.get();
        if (answer != null) {
          return answer;
        }
        last = "not yet";
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(INTERVAL_MILLIS);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
  }

  /** Milliseconds since {@code startNanos} (a {@link System#nanoTime()} reading). */
  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
