package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.KeyValue;
import java.util.Arrays;
import java.util.NavigableMap;

/**
 * etcd's txn compare: every key in the compare's range must satisfy it. A key (or range) with no
 * live key compares as the zero key value (version, revisions and lease 0), except that a value
 * compare on it always fails: a missing value cannot be told from an empty one.
 */
final class TxnCompare {
  private static final KeyValue ZERO = new KeyValue(Bytes.EMPTY, 0, 0, 0, Bytes.EMPTY, 0);

  private TxnCompare() {}

  static boolean holds(NavigableMap<Bytes, KeyHistory> index, Compare c, long revision) {
    if (KeyRange.isSingleKey(c.rangeEnd())) {
      KeyHistory h = index.get(c.key());
      KeyValue kv = h == null ? null : h.at(revision);
      return kv == null ? holdsOnMissing(c) : holds(c, kv);
    }
    boolean any = false;
    for (KeyHistory h : KeyRange.slice(index, c.key(), c.rangeEnd()).values()) {
      KeyValue kv = h.at(revision);
      if (kv == null) {
        continue;
      }
      any = true;
      if (!holds(c, kv)) {
        return false;
      }
    }
    return any || holdsOnMissing(c);
  }

  private static boolean holdsOnMissing(Compare c) {
    return c.target() != Compare.Target.VALUE && holds(c, ZERO);
  }

  static boolean holds(Compare c, KeyValue kv) {
    int cmp = switch (c.target()) {
      case VERSION -> Long.compare(kv.version(), c.number());
      case CREATE -> Long.compare(kv.createRevision(), c.number());
      case MOD -> Long.compare(kv.modRevision(), c.number());
      case LEASE -> Long.compare(kv.lease(), c.number());
      case VALUE -> Arrays.compareUnsigned(kv.value().unsafeArray(), c.value().unsafeArray());
    };
    return switch (c.result()) {
      case EQUAL -> cmp == 0;
      case GREATER -> cmp > 0;
      case LESS -> cmp < 0;
      case NOT_EQUAL -> cmp != 0;
    };
  }
}
