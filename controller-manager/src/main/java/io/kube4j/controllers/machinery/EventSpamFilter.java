package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * client-go's EventSourceObjectSpamFilter: per involved object, a token bucket of 25 events refilled
 * at one per five minutes, so a controller acting on one object many times records the first few
 * and then a trickle. Remembers the 4,096 most recent objects. Thread-safe.
 */
final class EventSpamFilter {

    static final int BURST = 25;
    static final Duration REFILL = Duration.ofMinutes(5);
    private static final int REMEMBERED = 4096;

    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > REMEMBERED;
        }
    };

    private static final class Bucket {
        double tokens = BURST;
        Instant last;

        Bucket(Instant now) {
            last = now;
        }
    }

    EventSpamFilter(InstantSource clock) {
        this.clock = clock;
    }

    /** Whether an event about {@code object} may be recorded now (takes a token when it may). */
    synchronized boolean allow(HasMetadata object) {
        var meta = object.getMetadata();
        String key = HasMetadata.getKind(object.getClass()) + "/" + meta.getNamespace() + "/" + meta.getName() + "/" + meta.getUid();
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(now));
        double refilled = (double) Duration.between(b.last, now).toMillis() / REFILL.toMillis();
        if (refilled > 0) {
            b.tokens = Math.min(BURST, b.tokens + refilled);
            b.last = now;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }
}
