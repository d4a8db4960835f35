package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeRequest.SortOrder;
import io.kube4j.store.api.RangeRequest.SortTarget;
import io.kube4j.store.api.RangeResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;

/**
 * A range read at one revision, with etcd's rules: {@code count} is every key in the range (before
 * the min/max revision filters), the limit applies after filters and sorting, {@code more} says the
 * limit cut something, and a sort target other than the key with no order sorts ascending.
 */
final class RangeQuery {
  private RangeQuery() {}

  /**
   * @param at the revision to read at (checked by the caller: not compacted, not future)
   * @param current the store revision to report
   */
  static RangeResult run(NavigableMap<Bytes, KeyHistory> index, RangeRequest r, long at, long current) {
    SortOrder order = r.sortOrder();
    if (order == SortOrder.NONE && r.sortTarget() != SortTarget.KEY) {
      order = SortOrder.ASCEND;
    }
    boolean filters = r.minModRevision() > 0 || r.maxModRevision() > 0
        || r.minCreateRevision() > 0 || r.maxCreateRevision() > 0;
    boolean keyOrder = order == SortOrder.NONE || (order == SortOrder.ASCEND && r.sortTarget() == SortTarget.KEY);
    // Without sorting or filtering, limit + 1 key values say all there is to say; count goes on.
    long keep = !r.countOnly() && keyOrder && !filters && r.limit() > 0 ? r.limit() + 1 : Long.MAX_VALUE;

    List<KeyValue> kvs = new ArrayList<>();
    long count = 0;
    if (r.rangeEnd().isEmpty()) {
      KeyHistory h = index.get(r.key());
      KeyValue kv = h == null ? null : h.at(at);
      if (kv != null) {
        count = 1;
        if (!r.countOnly()) {
          kvs.add(kv);
        }
      }
    } else {
      for (KeyHistory h : KeyRange.slice(index, r.key(), r.rangeEnd()).values()) {
        KeyValue kv = h.at(at);
        if (kv == null) {
          continue;
        }
        count++;
        if (!r.countOnly() && kvs.size() < keep) {
          kvs.add(kv);
        }
      }
    }
    if (r.countOnly()) {
      return new RangeResult(current, List.of(), false, count);
    }
    if (filters) {
      kvs.removeIf(kv -> !passes(r, kv));
    }
    if (!keyOrder) {
      Comparator<KeyValue> cmp = comparator(r.sortTarget());
      kvs.sort(order == SortOrder.DESCEND ? cmp.reversed() : cmp);
    }
    boolean more = false;
    if (r.limit() > 0 && kvs.size() > r.limit()) {
      kvs = kvs.subList(0, (int) r.limit());
      more = true;
    }
    if (r.keysOnly()) {
      kvs = kvs.stream().map(KeyValue::withoutValue).toList();
    }
    return new RangeResult(current, kvs, more, count);
  }

  private static boolean passes(RangeRequest r, KeyValue kv) {
    return (r.minModRevision() <= 0 || kv.modRevision() >= r.minModRevision())
        && (r.maxModRevision() <= 0 || kv.modRevision() <= r.maxModRevision())
        && (r.minCreateRevision() <= 0 || kv.createRevision() >= r.minCreateRevision())
        && (r.maxCreateRevision() <= 0 || kv.createRevision() <= r.maxCreateRevision());
  }

  private static Comparator<KeyValue> comparator(SortTarget target) {
    return switch (target) {
      case KEY -> Comparator.comparing(KeyValue::key);
      case VERSION -> Comparator.comparingLong(KeyValue::version);
      case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
      case MOD -> Comparator.comparingLong(KeyValue::modRevision);
      case VALUE -> Comparator.comparing(KeyValue::value);
    };
  }
}
