package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks etcd makes before a request enters the log: they need no state, so a bad request is
 * refused on the member that received it and never costs a Raft round. State-dependent checks
 * (lease exists, key exists for ignore_value, revisions) happen when the command is applied.
 *
 * <p>Stateless and thread-safe.
 */
public final class RequestValidator {
  /** Bytes counted per request field besides keys and values (tags, varints). */
  private static final int FIELD_OVERHEAD = 8;

  private RequestValidator() {}

  /** @throws StoreException.InvalidArgument with etcd's message when the request is malformed */
  public static void validate(Op op, int maxRequestBytes, int maxTxnOps) {
    checkOp(op, maxTxnOps);
    if (op instanceof TxnRequest t) {
      checkIntervals(t.success());
      checkIntervals(t.failure());
    }
    if (op instanceof PutRequest || op instanceof TxnRequest || op instanceof DeleteRequest) {
      if (sizeOf(op) > maxRequestBytes) {
        throw new StoreException.InvalidArgument(StoreException.REQUEST_TOO_LARGE);
      }
    }
  }

  /** Lease grant checks: the TTL must not exceed etcd's maximum. */
  public static void validateLeaseTtl(long ttlSeconds) {
    if (ttlSeconds > KvStore.MAX_LEASE_TTL) {
      throw new StoreException.OutOfRange(StoreException.LEASE_TTL_TOO_LARGE);
    }
  }

  private static void checkOp(Op op, int maxTxnOps) {
    switch (op) {
      case RangeRequest r -> requireKey(r.key(), r.rangeEnd());
      case DeleteRequest d -> requireKey(d.key(), d.rangeEnd());
      case PutRequest p -> {
        requireKey(p.key());
        if (p.ignoreValue() && !p.value().isEmpty()) {
          throw new StoreException.InvalidArgument(StoreException.VALUE_PROVIDED);
        }
        if (p.ignoreLease() && p.lease() != 0) {
          throw new StoreException.InvalidArgument(StoreException.LEASE_PROVIDED);
        }
      }
      case TxnRequest t -> {
        int ops = Math.max(t.compares().size(), Math.max(t.success().size(), t.failure().size()));
        if (ops > maxTxnOps) {
          throw new StoreException.InvalidArgument(StoreException.TOO_MANY_OPS);
        }
        for (Compare c : t.compares()) {
          requireKey(c.key());
        }
        for (Op inner : t.success()) {
          checkOp(inner, maxTxnOps - ops);
        }
        for (Op inner : t.failure()) {
          checkOp(inner, maxTxnOps - ops);
        }
      }
    }
  }

  /** An empty key with the end "\0" is every key (clients send "\0" for it; we accept both). */
  private static void requireKey(Bytes key, Bytes rangeEnd) {
    if (!rangeEnd.equals(Bytes.ZERO)) {
      requireKey(key);
    }
  }

  private static void requireKey(Bytes key) {
    if (key.isEmpty()) {
      throw new StoreException.InvalidArgument(StoreException.EMPTY_KEY);
    }
  }

  /** A delete's [key, end) as an interval, for overlap checks against puts. */
  private record Interval(Bytes key, Bytes end) {
    boolean contains(Bytes point) {
      return KeyRange.contains(key, end, point);
    }
  }

  private record Writes(Set<Bytes> puts, List<Interval> deletes) {}

  /**
   * etcd's checkIntervals: within one branch (nested txns included), no key may be put twice or be
   * both put and deleted; the two branches of one nested txn may put the same key, since only one
   * runs.
   */
  private static Writes checkIntervals(List<Op> ops) {
    List<Interval> deletes = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof DeleteRequest d) {
        deletes.add(new Interval(d.key(), d.rangeEnd()));
      }
    }
    Set<Bytes> puts = new HashSet<>();
    List<Interval> nestedDeletes = new ArrayList<>();
    for (Op op : ops) {
      if (!(op instanceof TxnRequest t)) {
        continue;
      }
      Writes then = checkIntervals(t.success());
      Writes otherwise = checkIntervals(t.failure());
      for (Bytes k : then.puts()) {
        if (puts.contains(k) || covered(deletes, k)) {
          throw duplicate();
        }
        puts.add(k);
      }
      for (Bytes k : otherwise.puts()) {
        if ((puts.contains(k) && !then.puts().contains(k)) || covered(deletes, k)) {
          throw duplicate();
        }
        puts.add(k);
      }
      nestedDeletes.addAll(then.deletes());
      nestedDeletes.addAll(otherwise.deletes());
    }
    deletes.addAll(nestedDeletes);
    for (Op op : ops) {
      if (op instanceof PutRequest p) {
        if (puts.contains(p.key()) || covered(deletes, p.key())) {
          throw duplicate();
        }
        puts.add(p.key());
      }
    }
    return new Writes(puts, deletes);
  }

  private static boolean covered(List<Interval> deletes, Bytes key) {
    for (Interval i : deletes) {
      if (i.contains(key)) {
        return true;
      }
    }
    return false;
  }

  private static StoreException duplicate() {
    return new StoreException.InvalidArgument(StoreException.DUPLICATE_KEY);
  }

  /** Roughly the encoded size of the request, as etcd measures the Raft entry. */
  static long sizeOf(Op op) {
    return switch (op) {
      case PutRequest p -> p.key().size() + p.value().size() + 3L * FIELD_OVERHEAD;
      case DeleteRequest d -> d.key().size() + d.rangeEnd().size() + 2L * FIELD_OVERHEAD;
      case RangeRequest r -> r.key().size() + r.rangeEnd().size() + 4L * FIELD_OVERHEAD;
      case TxnRequest t -> {
        long total = FIELD_OVERHEAD;
        for (Compare c : t.compares()) {
          total += c.key().size() + c.rangeEnd().size() + c.value().size() + 3L * FIELD_OVERHEAD;
        }
        for (Op o : t.success()) {
          total += sizeOf(o) + FIELD_OVERHEAD;
        }
        for (Op o : t.failure()) {
          total += sizeOf(o) + FIELD_OVERHEAD;
        }
        yield total;
      }
    };
  }
}
