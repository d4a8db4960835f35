package io.kube4j.apiserver.http;

import io.kube4j.apiserver.errors.ApiException;
import java.util.concurrent.Semaphore;

/**
 * kube-apiserver's {@code --max-requests-inflight} and {@code --max-mutating-requests-inflight}:
 * at most so many read-only and so many mutating requests are handled at once; one over the limit
 * is refused at once with 429 TooManyRequests and {@code Retry-After: 1}, which clients (kubectl,
 * client-go, fabric8) retry. Long-running requests (watches, logs) are not counted, as upstream
 * exempts them. A limit of 0 means unlimited. Thread-safe.
 */
public final class InflightLimits {

    /** Upstream's defaults. */
    public static final int DEFAULT_READONLY = 400;
    public static final int DEFAULT_MUTATING = 200;

    private static final String MESSAGE = "Too many requests, please try again later.";

    private final Semaphore readonly;
    private final Semaphore mutating;

    public InflightLimits(int maxReadonly, int maxMutating) {
        this.readonly = maxReadonly > 0 ? new Semaphore(maxReadonly) : null;
        this.mutating = maxMutating > 0 ? new Semaphore(maxMutating) : null;
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
        Semaphore s = isMutating(verb) ? mutating : readonly;
        if (s == null) {
            return NONE;
        }
        if (!s.tryAcquire()) {
            throw new ApiException.TooManyRequests(MESSAGE, 1);
        }
        return s::release;
    }

    static boolean isMutating(String verb) {
        return switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection" -> true;
            default -> false;
        };
    }
}
