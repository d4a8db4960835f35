package io.kube4j.controllers.machinery;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long an item waits before it is retried, as client-go's workqueue rate limiters: per item,
 * an exponential back-off from a base delay up to a cap ({@link #exponential}); for the whole
 * queue, a token bucket ({@link #bucket}); {@link #controllerDefault()} is the larger of the two,
 * with client-go's DefaultControllerRateLimiter numbers. Implementations are thread-safe.
 *
 * @param <K> the queue's item type
 */
public interface RateLimiter<K> {

    /** How long {@code item} should wait now; counts a failure of it. */
    Duration when(K item);

    /** Forgets {@code item}'s failures (it succeeded). */
    void forget(K item);

    /** How many times {@code item} has been retried since it was last forgotten. */
    int retries(K item);

    /** client-go's default: per-item 5 ms doubling to 1,000 s, and 10 per second overall with a burst of 100. */
    static <K> RateLimiter<K> controllerDefault() {
        return max(exponential(Duration.ofMillis(5), Duration.ofSeconds(1000)), bucket(10, 100));
    }

    /** Per item: {@code base * 2^failures}, capped at {@code cap}. */
    static <K> RateLimiter<K> exponential(Duration base, Duration cap) {
        return new RateLimiter<>() {
            private final ConcurrentHashMap<K, Integer> failures = new ConcurrentHashMap<>();

            @Override
            public Duration when(K item) {
                int n = failures.merge(item, 1, Integer::sum) - 1;
                if (n >= 62) {
                    return cap;
                }
                long nanos = base.toNanos();
                long delayed = nanos > (Long.MAX_VALUE >> n) ? Long.MAX_VALUE : nanos << n;
                return delayed > cap.toNanos() ? cap : Duration.ofNanos(delayed);
            }

            @Override
            public void forget(K item) {
                failures.remove(item);
            }

            @Override
            public int retries(K item) {
                return failures.getOrDefault(item, 0);
            }
        };
    }

    /** For the whole queue: {@code perSecond} tokens a second, up to {@code burst} saved. */
    static <K> RateLimiter<K> bucket(double perSecond, int burst) {
        return new RateLimiter<>() {
            private final long interval = (long) (1_000_000_000L / perSecond);
            private long nextFree = System.nanoTime() - burst * interval;

            @Override
            public synchronized Duration when(K item) {
                long now = System.nanoTime();
                long earliest = now - burst * interval;
                if (nextFree < earliest) {
                    nextFree = earliest;
                }
                nextFree += interval;
                return nextFree <= now ? Duration.ZERO : Duration.ofNanos(nextFree - now);
            }

            @Override
            public void forget(K item) {
            }

            @Override
            public int retries(K item) {
                return 0;
            }
        };
    }

    /** The longer wait of {@code a} and {@code b}; failures are counted by both. */
    static <K> RateLimiter<K> max(RateLimiter<K> a, RateLimiter<K> b) {
        return new RateLimiter<>() {
            @Override
            public Duration when(K item) {
                Duration x = a.when(item);
                Duration y = b.when(item);
                return x.compareTo(y) >= 0 ? x : y;
            }

            @Override
            public void forget(K item) {
                a.forget(item);
                b.forget(item);
            }

            @Override
            public int retries(K item) {
                return Math.max(a.retries(item), b.retries(item));
            }
        };
    }
}
