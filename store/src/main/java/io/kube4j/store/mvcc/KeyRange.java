package io.kube4j.store.mvcc;

import io.kube4j.store.api.Bytes;
import java.util.Collections;
import java.util.NavigableMap;

/**
 * etcd's key-range rules in one place: an empty end means the key alone; the end {@code "\0"}
 * means every key from the key on; otherwise [key, end), empty when end is not above key.
 */
final class KeyRange {
  private KeyRange() {}

  static boolean isSingleKey(Bytes rangeEnd) {
    return rangeEnd.isEmpty();
  }

  static boolean contains(Bytes key, Bytes rangeEnd, Bytes candidate) {
    if (rangeEnd.isEmpty()) {
      return key.equals(candidate);
    }
    if (candidate.compareTo(key) < 0) {
      return false;
    }
    return rangeEnd.equals(Bytes.ZERO) || candidate.compareTo(rangeEnd) < 0;
  }

  /** The slice of {@code index} the range covers (for a multi-key range). */
  static <V> NavigableMap<Bytes, V> slice(NavigableMap<Bytes, V> index, Bytes key, Bytes rangeEnd) {
    if (rangeEnd.equals(Bytes.ZERO)) {
      return index.tailMap(key, true);
    }
    if (key.compareTo(rangeEnd) >= 0) {
      return Collections.emptyNavigableMap();
    }
    return index.subMap(key, true, rangeEnd, false);
  }
}
