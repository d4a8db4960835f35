package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * kube-apiserver's {@code --max-requests-inflight} and {@code --max-mutating-requests-inflight}:
 * at most so many read-only and so many mutating requests are handled at once. As with upstream's
 * default (API priority and fairness) a request over the limit first waits in a bounded queue (at
 * most as many waiting as the limit, each for at most {@code maxWait}); one that finds the queue
 * full or waits too long is refused with 429 TooManyRequests and {@code Retry-After: 1}, which
 * clients (kubectl, client-go, fabric8) retry. Long-running requests (watches, logs) are not
 * counted, as upstream exempts them. A limit of 0 means unlimited. Thread-safe.
 */
public final class InflightLimits {

    /** Upstream's defaults. */
    public static final int DEFAULT_READONLY = 400;
    public static final int DEFAULT_MUTATING = 200;

    private static final String MESSAGE = "Too many requests, please try again later.";

    /** How long a request over the limit may wait for a turn by default. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

    private final Semaphore readonly;
    private final Semaphore mutating;
    private final int maxReadonly;
    private final int maxMutating;
    private final long maxWaitNanos;

    /** With upstream's limits' semantics and {@link #DEFAULT_MAX_WAIT}. */
    public InflightLimits(int maxReadonly, int maxMutating) {
        this(maxReadonly, maxMutating, DEFAULT_MAX_WAIT);
    }

    /** @param maxWait how long a request over the limit may wait for a turn (zero: refused at once) */
    public InflightLimits(int maxReadonly, int maxMutating, Duration maxWait) {
        this.readonly = maxReadonly > 0 ? new Semaphore(maxReadonly, true) : null;
        this.mutating = maxMutating > 0 ? new Semaphore(maxMutating, true) : null;
        this.maxReadonly = maxReadonly;
        this.maxMutating = maxMutating;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** A permit held while one request is handled; {@link #close()} gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit NONE = () -> { };

    /**
     * Takes a permit for a request with this verb.
     *
     * @throws ApiException.TooManyRequests when the request's class is at its limit
     */
    public Permit acquire(String verb, boolean longRunning) {
        if (longRunning) {
            return NONE;
        }
        boolean writes = isMutating(verb);
        Semaphore s = writes ? mutating : readonly;
        if (s == null) {
            return NONE;
        }
        if (s.tryAcquire()) {
            return s::release;
        }
        if (maxWaitNanos <= 0 || s.getQueueLength() >= (writes ? maxMutating : maxReadonly)) {
            throw new ApiException.TooManyRequests(MESSAGE, 1);
        }
        try {
            if (s.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                return s::release;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ApiException.TooManyRequests(MESSAGE, 1);
    }

    static boolean isMutating(String verb) {
        return switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection" -> true;
            default -> false;
        };
    }
}
