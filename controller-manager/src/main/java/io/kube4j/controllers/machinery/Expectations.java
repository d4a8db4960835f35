package io.kube4j.controllers.machinery;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller expects to see in its informer cache after its own writes, as upstream's
 * ControllerExpectations with UID tracking: after creating n pods for a key it expects n adds,
 * after deleting pods it expects their deletes (by pod key, so a delete seen twice counts once).
 * Until they are seen (or five minutes pass, in case a watch event was lost), the controller does
 * not act on its stale cache again ({@link #satisfied}).
 *
 * <p>Thread-safe: informer handlers observe, workers expect; every operation is atomic per key.
 */
public final class Expectations {

    /** After this long, unmet expectations are ignored (upstream's ExpectationsTimeout). */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final InstantSource clock;
    private final ConcurrentHashMap<String, Expected> byKey = new ConcurrentHashMap<>();

    private record Expected(int adds, Set<String> deletes, Instant since) {
        boolean fulfilled() {
            return adds <= 0 && deletes.isEmpty();
        }
    }

    public Expectations(InstantSource clock) {
        this.clock = clock;
    }

    public Expectations() {
        this(InstantSource.system());
    }

    /**
     * Whether the controller of {@code key} may sync: nothing is expected, everything expected was
     * seen, or the expectations are older than {@link #TIMEOUT}.
     */
    public boolean satisfied(String key) {
        Expected e = byKey.get(key);
        return e == null || e.fulfilled() || clock.instant().isAfter(e.since().plus(TIMEOUT));
    }

    /** Expects {@code count} creations for {@code key} (replacing earlier expectations). */
    public void expectCreations(String key, int count) {
        byKey.put(key, new Expected(count, Set.of(), clock.instant()));
    }

    /** Expects the deletion of each of {@code podKeys} for {@code key} (replacing earlier expectations). */
    public void expectDeletions(String key, Set<String> podKeys) {
        byKey.put(key, new Expected(0, Set.copyOf(podKeys), clock.instant()));
    }

    /** One creation for {@code key} was seen, or will never happen (the create failed). */
    public void creationObserved(String key) {
        byKey.computeIfPresent(key, (k, e) -> new Expected(e.adds() - 1, e.deletes(), e.since()));
    }

    /** The deletion of {@code podKey} for {@code key} was seen, or will never happen. */
    public void deletionObserved(String key, String podKey) {
        byKey.computeIfPresent(key, (k, e) -> {
            if (!e.deletes().contains(podKey)) {
                return e;
            }
            Set<String> rest = new HashSet<>(e.deletes());
            rest.remove(podKey);
            return new Expected(e.adds(), Set.copyOf(rest), e.since());
        });
    }

    /** Forgets {@code key} (its controller object is gone). */
    public void delete(String key) {
        byKey.remove(key);
    }

    /** For tests and logs: adds still expected for {@code key}. */
    public int pendingCreations(String key) {
        Expected e = byKey.get(key);
        return e == null ? 0 : Math.max(0, e.adds());
    }

    /** For tests and logs: deletions still expected for {@code key}. */
    public Set<String> pendingDeletions(String key) {
        Expected e = byKey.get(key);
        return e == null ? Set.of() : e.deletes();
    }
}
