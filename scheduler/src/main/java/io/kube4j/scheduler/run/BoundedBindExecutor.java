package io.kube4j.scheduler.run;

import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Runs binding cycles on {@code delegate} (virtual threads) with at most {@code limit} of them
 * talking to the apiserver at once. Unbounded, a burst of assumed pods becomes a burst of bind and
 * event requests that overruns the apiserver's in-flight limit (429s, client retries with backoff),
 * which measured slower than queuing them here. {@link #execute} never blocks the scheduling loop:
 * the task waits for a permit on its own thread. Thread-safe.
 */
final class BoundedBindExecutor implements Executor {

    /** In flight at once; measured with bench/run-scheduler-bench.sh (see docs/benchmarks.md). */
    static final int DEFAULT_LIMIT = 32;

    private final Executor delegate;
    private final Semaphore permits;

    BoundedBindExecutor(Executor delegate, int limit) {
        this.delegate = delegate;
        this.permits = new Semaphore(limit, true);
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(() -> {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                task.run();
            } finally {
                permits.release();
            }
        });
    }
}
