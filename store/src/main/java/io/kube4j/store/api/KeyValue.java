package io.kube4j.store.api;

/**
 * One version of a key, as etcd's {@code mvccpb.KeyValue}.
 *
 * @param key the key; never empty
 * @param createRevision the revision of the put that created this incarnation of the key
 * @param modRevision the revision of the put that wrote this version
 * @param version 1 for the first put of an incarnation, +1 per put; a deleted key starts again at 1
 * @param value the value ({@link Bytes#EMPTY} in keys-only reads)
 * @param lease the attached lease id, 0 for none
 */
public record KeyValue(Bytes key, long createRevision, long modRevision, long version, Bytes value, long lease) {
  /** This key value without its value, as keys-only reads return it. */
  public KeyValue withoutValue() {
    return value.isEmpty() ? this : new KeyValue(key, createRevision, modRevision, version, Bytes.EMPTY, lease);
  }
}
