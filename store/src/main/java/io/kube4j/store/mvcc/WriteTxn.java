package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.OpResult;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One write request being applied: the put, delete or txn of one revision (base + 1).
 *
 * <p>Two phases, as etcd's applier: {@link #check} decides every txn branch against the state
 * before the request and verifies everything that could fail (leases, ignore_value targets, read
 * revisions, quota), so that {@link #execute} cannot fail half-way. Versions are appended above the
 * published revision, invisible to readers until {@link MvccStore} publishes the revision.
 *
 * <p>Not thread-safe: lives on the apply thread for one request.
 */
final class WriteTxn {
  private final MvccStore store;
  private final long base;
  private final long rev;
  /** The branch each txn takes, in the depth-first order execute visits them. */
  private final Deque<Boolean> path = new ArrayDeque<>();
  final List<Change> changes = new ArrayList<>();
  long addedBytes;
  long liveKeyDelta;

  WriteTxn(MvccStore store, long base) {
    this.store = store;
    this.base = base;
    this.rev = base + 1;
  }

  // ------------------------------------------------------------------ check

  void check(Op op) {
    if (writesData(op) && store.dbSize() > store.quotaBytes()) {
      throw new StoreException.NoSpace();
    }
    checkOp(op);
  }

  private void checkOp(Op op) {
    switch (op) {
      case PutRequest p -> checkPut(p);
      case RangeRequest r -> checkRangeRevision(r);
      case DeleteRequest d -> { }
      case TxnRequest t -> {
        boolean ok = compares(t.compares());
        path.addLast(ok);
        for (Op inner : ok ? t.success() : t.failure()) {
          checkOp(inner);
        }
      }
    }
  }

  private void checkPut(PutRequest p) {
    if (p.lease() != 0 && !store.leases.contains(p.lease())) {
      throw new StoreException.NotFound(StoreException.LEASE_NOT_FOUND);
    }
    if ((p.ignoreValue() || p.ignoreLease()) && liveNow(p.key()) == null) {
      throw new StoreException.InvalidArgument(StoreException.KEY_NOT_FOUND);
    }
  }

  private void checkRangeRevision(RangeRequest r) {
    if (r.revision() > base) {
      throw new StoreException.FutureRevision();
    }
    if (r.revision() > 0 && r.revision() < store.compactRevision()) {
      throw new StoreException.Compacted(store.compactRevision());
    }
  }

  private static boolean writesData(Op op) {
    return switch (op) {
      case PutRequest p -> true;
      case TxnRequest t -> t.success().stream().anyMatch(WriteTxn::writesData)
          || t.failure().stream().anyMatch(WriteTxn::writesData);
      default -> false;
    };
  }

  private KeyValue liveNow(Bytes key) {
    KeyHistory h = store.index.get(key);
    return h == null ? null : h.live();
  }

  private boolean compares(List<Compare> compares) {
    for (Compare c : compares) {
      if (!TxnCompare.holds(store.index, c, base)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ execute

  /**
   * Runs the op. Each result reports the revision as etcd's does at that point: the old revision
   * until something changed, the new one after; a nested txn reports 0 (etcd leaves its header
   * empty) and the top-level txn the store's revision after the request.
   */
  Object execute(Op op) {
    Object result = run(op);
    return result instanceof TxnResult t ? new TxnResult(readRevision(), t.succeeded(), t.responses()) : result;
  }

  private Object run(Op op) {
    return switch (op) {
      case PutRequest p -> put(p);
      case DeleteRequest d -> delete(d);
      case RangeRequest r -> RangeQuery.run(store.index, r, r.revision() > 0 ? r.revision() : readRevision(),
          readRevision());
      case TxnRequest t -> {
        boolean ok = path.removeFirst();
        List<OpResult> results = new ArrayList<>();
        for (Op inner : ok ? t.success() : t.failure()) {
          results.add((OpResult) run(inner));
        }
        yield new TxnResult(0, ok, results);
      }
    };
  }

  /** Reads inside a txn see the txn's own earlier writes, as etcd's. */
  private long readRevision() {
    return changes.isEmpty() ? base : rev;
  }

  private PutResult put(PutRequest p) {
    KeyHistory h = store.index.computeIfAbsent(p.key(), k -> new KeyHistory());
    KeyValue prev = h.live();
    Bytes value = p.ignoreValue() ? prev.value() : p.value();
    long lease = p.ignoreLease() ? prev.lease() : p.lease();
    KeyValue kv = prev == null
        ? new KeyValue(p.key(), rev, rev, 1, value, lease)
        : new KeyValue(p.key(), prev.createRevision(), rev, prev.version() + 1, value, lease);
    h.append(kv);
    changes.add(new Change(kv, prev));
    addedBytes += MvccStore.bytesOf(kv);
    if (prev == null) {
      liveKeyDelta++;
    } else if (prev.lease() != lease) {
      store.leases.detach(prev.lease(), p.key());
    }
    if (lease != 0) {
      store.leases.attach(lease, p.key());
    }
    return new PutResult(rev, p.prevKv() ? prev : null);
  }

  private DeleteResult delete(DeleteRequest d) {
    List<Bytes> keys = new ArrayList<>();
    if (KeyRange.isSingleKey(d.rangeEnd())) {
      keys.add(d.key());
    } else {
      keys.addAll(KeyRange.slice(store.index, d.key(), d.rangeEnd()).keySet());
    }
    List<KeyValue> prevs = new ArrayList<>();
    long deleted = 0;
    for (Bytes key : keys) {
      KeyValue prev = deleteKey(key);
      if (prev != null) {
        deleted++;
        if (d.prevKv()) {
          prevs.add(prev);
        }
      }
    }
    return new DeleteResult(readRevision(), deleted, prevs);
  }

  /** Deletes one key if it exists now; returns what it was, or null. */
  KeyValue deleteKey(Bytes key) {
    KeyHistory h = store.index.get(key);
    KeyValue prev = h == null ? null : h.live();
    if (prev == null) {
      return null;
    }
    KeyValue tomb = new KeyValue(key, 0, rev, 0, Bytes.EMPTY, 0);
    h.append(tomb);
    changes.add(new Change(tomb, prev));
    addedBytes += MvccStore.bytesOf(tomb);
    liveKeyDelta--;
    store.leases.detach(prev.lease(), key);
    return prev;
  }
}
