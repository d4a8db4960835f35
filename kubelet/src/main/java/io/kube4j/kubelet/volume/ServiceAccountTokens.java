package io.kube4j.kubelet.volume;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's token manager: keeps each pod's tokens and asks for a new one once 80% of a
 * token's life has passed (or it is older than 24 hours), as upstream's requiresRefresh.
 * Thread-safe.
 */
final class ServiceAccountTokens {

    private static final Duration MAX_TTL = Duration.ofHours(24);

    private record Key(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds, String podUid) {}

    private record Issued(TokenSource.Token token, Instant issued) {}

    private final TokenSource source;
    private final Clock clock;
    private final Map<Key, Issued> tokens = new ConcurrentHashMap<>();

    ServiceAccountTokens(TokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    String token(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds,
            String podName, String podUid) throws IOException {
        Key key = new Key(namespace, serviceAccount, List.copyOf(audiences), expirationSeconds, podUid);
        Issued have = tokens.get(key);
        Instant now = clock.instant();
        if (have != null && !requiresRefresh(have, now)) {
            return have.token().token();
        }
        TokenSource.Token fresh = source.request(namespace, serviceAccount, audiences, expirationSeconds, podName, podUid);
        tokens.put(key, new Issued(fresh, now));
        return fresh.token();
    }

    private static boolean requiresRefresh(Issued t, Instant now) {
        Instant exp = t.token().expiration();
        long life = Math.max(1, Duration.between(t.issued(), exp).toSeconds());
        if (now.isAfter(t.issued().plus(MAX_TTL))) {
            return true;
        }
        return !now.isBefore(exp.minusSeconds(life * 20 / 100));
    }

    /** Forgets the pod's tokens. */
    void forget(String podUid) {
        tokens.keySet().removeIf(k -> k.podUid().equals(podUid));
    }
}
