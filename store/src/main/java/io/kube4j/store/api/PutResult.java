package io.kube4j.store.api;

/**
 * The answer to a {@link PutRequest}.
 *
 * @param revision the revision of the write (in a txn: the txn's revision)
 * @param prevKv the key value before the put, or null when not asked for or absent
 */
public record PutResult(long revision, KeyValue prevKv) implements OpResult {}
