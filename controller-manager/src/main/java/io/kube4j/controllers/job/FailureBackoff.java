package io.kube4j.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delay before a Job replaces failed pods (upstream's backoffRecordStore): {@code base}
 * doubled for every failure since the last success, capped at {@code max}, counted from the last
 * failure. Records live in memory per Job key. Thread-safe.
 */
final class FailureBackoff {

    /** Upstream's DefaultJobPodFailureBackOff. */
    static final Duration DEFAULT_BASE = Duration.ofSeconds(10);
    /** The cap this controller uses for the doubling. */
    static final Duration DEFAULT_MAX = Duration.ofMinutes(6);

    private record Record(int failuresAfterLastSuccess, Instant lastFailure) {
    }

    private final Duration base;
    private final Duration max;
    private final ConcurrentHashMap<String, Record> records = new ConcurrentHashMap<>();

    FailureBackoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** Notes the pods of {@code key} that finished since the last sync. */
    void update(String key, int newSucceeded, int newFailed, Instant lastFailure) {
        if (newSucceeded > 0) {
            records.remove(key);
        }
        if (newFailed > 0) {
            records.merge(key, new Record(newFailed, lastFailure),
                    (old, add) -> new Record(old.failuresAfterLastSuccess() + add.failuresAfterLastSuccess(),
                            add.lastFailure().isAfter(old.lastFailure()) ? add.lastFailure() : old.lastFailure()));
        }
    }

    /** How long {@code key} must still wait before creating pods; zero when it may create now. */
    Duration remaining(String key, Instant now) {
        Record r = records.get(key);
        if (r == null || r.failuresAfterLastSuccess() == 0) {
            return Duration.ZERO;
        }
        Duration delay = base;
        for (int i = 1; i < r.failuresAfterLastSuccess() && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        Duration left = Duration.between(now, r.lastFailure().plus(delay));
        return left.isNegative() ? Duration.ZERO : left;
    }

    void forget(String key) {
        records.remove(key);
    }
}
