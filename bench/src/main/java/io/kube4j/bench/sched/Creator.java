package io.kube4j.bench.sched;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} API calls with a bounded number in flight (a fixed set of workers taking the
 * next index), as upstream's scheduler_perf creates objects with a bounded set of clients.
 */
final class Creator {

    private Creator() {
    }

    /** Calls {@code call} for 0..count-1 from {@code parallelism} virtual threads; rethrows the first failure. */
    static void run(int count, int parallelism, IntConsumer call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int w = 0; w < Math.min(parallelism, Math.max(count, 1)); w++) {
                futures.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        call.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }
}
