package io.kube4j.store.mvcc;

import io.kube4j.store.api.KeyValue;

/**
 * One key's change at one revision: the version written (a tombstone for a delete) and the live
 * version it replaced (null when the key was absent). Watch events are made from these.
 */
record Change(KeyValue kv, KeyValue prev) {
  boolean isDelete() {
    return KeyHistory.isTombstone(kv);
  }
}
