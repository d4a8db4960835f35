package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The leases and the keys attached to each. The ids, TTLs and attachments are replicated state
 * (changed only by the apply thread, deterministically); each lease's expiry time is local to the
 * member, measured on its monotonic clock, and only the leader acts on it (as etcd's lessor).
 *
 * <p>Thread-safety: the apply thread mutates; any thread may read.
 */
final class LeaseTable {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** One lease. {@code keys} is sorted so a revoke deletes in a deterministic order. */
  static final class Entry {
    final long id;
    final long ttl;
    final NavigableSet<Bytes> keys = new ConcurrentSkipListSet<>();
    volatile long expiresAtNanos;

    Entry(long id, long ttl, long expiresAtNanos) {
      this.id = id;
      this.ttl = ttl;
      this.expiresAtNanos = expiresAtNanos;
    }

    void renew(long nowNanos) {
      expiresAtNanos = nowNanos + ttl * NANOS_PER_SECOND;
    }

    /** Remaining whole seconds, rounded up as etcd does; -1 once expired. */
    long remainingSeconds(long nowNanos) {
      long left = expiresAtNanos - nowNanos;
      if (left <= 0) {
        return -1;
      }
      return (left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
  }

  private final Map<Long, Entry> leases = new ConcurrentHashMap<>();

  Entry get(long id) {
    return leases.get(id);
  }

  boolean contains(long id) {
    return leases.containsKey(id);
  }

  Entry grant(long id, long ttl, long nowNanos) {
    Entry e = new Entry(id, ttl, nowNanos + ttl * NANOS_PER_SECOND);
    leases.put(id, e);
    return e;
  }

  Entry remove(long id) {
    return leases.remove(id);
  }

  void attach(long id, Bytes key) {
    Entry e = leases.get(id);
    if (e != null) {
      e.keys.add(key);
    }
  }

  void detach(long id, Bytes key) {
    if (id == 0) {
      return;
    }
    Entry e = leases.get(id);
    if (e != null) {
      e.keys.remove(key);
    }
  }

  /** Lease ids in ascending order. */
  List<Long> ids() {
    List<Long> ids = new ArrayList<>(leases.keySet());
    ids.sort(null);
    return ids;
  }

  List<Entry> entries() {
    List<Entry> all = new ArrayList<>(leases.values());
    all.sort((a, b) -> Long.compare(a.id, b.id));
    return all;
  }

  /** Ids whose local expiry has passed, ascending. */
  List<Long> expired(long nowNanos) {
    List<Long> out = new ArrayList<>();
    for (Entry e : leases.values()) {
      if (e.expiresAtNanos - nowNanos <= 0) {
        out.add(e.id);
      }
    }
    out.sort(null);
    return out;
  }

  /** Every lease gets its full TTL from now (a new leader does this; etcd's Promote). */
  void renewAll(long nowNanos) {
    for (Entry e : leases.values()) {
      e.renew(nowNanos);
    }
  }

  void clear() {
    leases.clear();
  }

  int size() {
    return leases.size();
  }
}
