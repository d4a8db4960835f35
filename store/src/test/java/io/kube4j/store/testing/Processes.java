package io.kube4j.store.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the server and client processes that tests start. */
public final class Processes {
  private Processes() {}

  /**
   * Stops {@code process} and its descendants: SIGTERM, then SIGKILL if they are still alive after
   * {@code grace}, then waits up to {@code grace} more. Idempotent; keeps the caller's interrupt.
   */
  public static void stop(Process process, Duration grace) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
