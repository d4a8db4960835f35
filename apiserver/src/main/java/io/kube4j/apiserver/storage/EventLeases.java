package io.kube4j.apiserver.storage;

import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Lease;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The leases Events are written under, so the store deletes them {@code --event-ttl} after their
 * last write, as kube-apiserver does: instead of one lease per write, one lease is granted for the
 * TTL plus a reuse window (60 s) and attached to every Event written during that window, so an
 * Event lives between the TTL and the TTL plus a minute. Thread-safe.
 */
public final class EventLeases {

    /** Upstream's {@code --lease-reuse-duration-seconds}. */
    static final Duration REUSE = Duration.ofSeconds(60);

    private final KvStore kv;
    private final Duration ttl;
    private final LongSupplier nanoTime;
    private long lease;
    private long reusableUntil;
    private boolean granted;

    public EventLeases(KvStore kv, Duration ttl) {
        this(kv, ttl, System::nanoTime);
    }

    EventLeases(KvStore kv, Duration ttl, LongSupplier nanoTime) {
        if (!ttl.isPositive()) {
            throw new IllegalArgumentException("--event-ttl must be positive: " + ttl);
        }
        this.kv = kv;
        this.ttl = ttl;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code key} is an Event's (core/v1 and events.k8s.io/v1 share the prefix). */
    public static boolean isEvent(String key) {
        return key.startsWith("/registry/events/");
    }

    /** The lease for an Event written now: the current one while reusable, else a new one. */
    public synchronized long current() {
        long now = nanoTime.getAsLong();
        if (!granted || now - reusableUntil >= 0) {
            Duration life = ttl.compareTo(REUSE) > 0 ? ttl.plus(REUSE) : ttl;
            Lease.Grant grant = kv.leaseGrant(Math.max(1, life.toSeconds()), 0);
            lease = grant.id();
            // Reuse only while the lease still has at least ttl to live.
            reusableUntil = now + (life.compareTo(ttl) > 0 ? REUSE.toNanos() : Math.max(1, ttl.toNanos() / 10));
            granted = true;
        }
        return lease;
    }
}
