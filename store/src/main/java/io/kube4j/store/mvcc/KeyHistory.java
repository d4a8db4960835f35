package io.kube4j.store.mvcc;

import io.kube4j.store.api.KeyValue;
import java.util.Arrays;

/**
 * Every kept version of one key, oldest first, tombstones included (a tombstone is a
 * {@link KeyValue} with version 0: the delete's revision is its mod revision).
 *
 * <p>Worked example: put a@2, put a@5, delete a@7, put a@9 gives
 * {@code [a v1 mod2, a v2 mod5, tomb mod7, a v1 create9 mod9]}; a read at revision 6 finds mod5,
 * at 8 finds the tombstone (absent), at 3 finds mod2, at 1 nothing.
 *
 * <p>Thread-safety: one writer (the apply thread) replaces the array; readers see a consistent
 * array through the volatile field and filter by the revision they read at.
 */
final class KeyHistory {
  private static final KeyValue[] NONE = new KeyValue[0];

  private volatile KeyValue[] versions = NONE;

  static boolean isTombstone(KeyValue kv) {
    return kv.version() == 0;
  }

  /** The live version visible at {@code revision}, or null when absent then. */
  KeyValue at(long revision) {
    KeyValue[] v = versions;
    int i = indexAtOrBefore(v, revision);
    if (i < 0) {
      return null;
    }
    KeyValue kv = v[i];
    return isTombstone(kv) ? null : kv;
  }

  /** The newest version, live or tombstone, or null when nothing is kept. */
  KeyValue newest() {
    KeyValue[] v = versions;
    return v.length == 0 ? null : v[v.length - 1];
  }

  /** The newest live version, or null when the key is absent now. */
  KeyValue live() {
    KeyValue kv = newest();
    return kv == null || isTombstone(kv) ? null : kv;
  }

  /** Appends a version (writer only); its mod revision is above every kept one. */
  void append(KeyValue kv) {
    KeyValue[] v = versions;
    KeyValue[] next = Arrays.copyOf(v, v.length + 1);
    next[v.length] = kv;
    versions = next;
  }

  /**
   * Drops what no read at or after {@code compactRevision} can see: every version older than the
   * newest one at or before it, and that one too when it is a tombstone (writer only).
   *
   * @return whether nothing is kept any more
   */
  boolean compact(long compactRevision) {
    KeyValue[] v = versions;
    int i = indexAtOrBefore(v, compactRevision);
    if (i < 0) {
      return v.length == 0;
    }
    int from = isTombstone(v[i]) ? i + 1 : i;
    if (from > 0) {
      versions = from == v.length ? NONE : Arrays.copyOfRange(v, from, v.length);
    }
    return versions.length == 0;
  }

  /** The kept versions, oldest first (a snapshot of the array; do not modify). */
  KeyValue[] versions() {
    return versions;
  }

  /** Replaces the versions wholesale (snapshot restore; writer only). */
  void restore(KeyValue[] kept) {
    versions = kept;
  }

  /** The version just before the one at index {@code i}, if live. */
  static KeyValue livePredecessor(KeyValue[] v, int i) {
    if (i <= 0) {
      return null;
    }
    KeyValue prev = v[i - 1];
    return isTombstone(prev) ? null : prev;
  }

  private static int indexAtOrBefore(KeyValue[] v, long revision) {
    int lo = 0;
    int hi = v.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (v[mid].modRevision() <= revision) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
