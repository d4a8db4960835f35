package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What kubelets refused lately, by request: kubectl retries a refused WebSocket exec or attach
 * over SPDY at once, and since SPDY is not proxied here, that retry answers with the kubelet's
 * refusal (e.g. "container is not running") rather than with "SPDY is not supported", so the user
 * sees the real cause. Entries live {@link #TTL}; at most {@link #MAX} are kept. Thread-safe.
 */
final class RecentRefusals {

    static final Duration TTL = Duration.ofSeconds(10);
    static final int MAX = 1024;

    private record Entry(ApiException refusal, Instant until) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    RecentRefusals(Clock clock) {
        this.clock = clock;
    }

    void remember(String key, ApiException refusal) {
        Instant now = clock.instant();
        if (entries.size() >= MAX) {
            entries.values().removeIf(e -> e.until().isBefore(now));
            if (entries.size() >= MAX) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(refusal, now.plus(TTL)));
    }

    /** The refusal remembered for {@code key}, if still fresh (it is forgotten once returned). */
    Optional<ApiException> take(String key) {
        Entry e = entries.remove(key);
        return e == null || e.until().isBefore(clock.instant()) ? Optional.empty() : Optional.of(e.refusal());
    }
}
