package io.kube4j.bench.kubelet;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded polling for the harness. Stateless. */
final class Waits {

    private Waits() {
    }

    /**
     * Polls {@code condition} every 250 ms until it holds; exceptions from it count as "not yet".
     *
     * @throws IllegalStateException when it does not hold within {@code timeout} (the message names {@code what})
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s"
                + (last == null ? "" : " (last error: " + last + ")"));
    }
}
