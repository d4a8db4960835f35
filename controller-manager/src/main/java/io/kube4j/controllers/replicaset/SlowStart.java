package io.kube4j.controllers.replicaset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Upstream's slowStartBatch: calls an action {@code count} times in batches of 1, 2, 4, ... (each
 * batch in parallel on virtual threads), stopping after the first batch with a failure, so that a
 * quota or admission error costs one request rather than hundreds. Stateless.
 */
final class SlowStart {

    /** How the run went: the calls that succeeded and the first failure (null when none). */
    record Result(int successes, RuntimeException error) {
    }

    /** One call of the batched action; a thrown exception is a failed call. */
    @FunctionalInterface
    interface Call {
        void run();
    }

    private SlowStart() {
    }

    static Result run(int count, int initialBatch, Call call) throws InterruptedException {
        int remaining = count;
        int successes = 0;
        for (int batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
            AtomicInteger failed = new AtomicInteger();
            AtomicReference<RuntimeException> first = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        first.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            successes += batch - failed.get();
            if (failed.get() > 0) {
                return new Result(successes, first.get());
            }
            remaining -= batch;
        }
        return new Result(successes, null);
    }
}
