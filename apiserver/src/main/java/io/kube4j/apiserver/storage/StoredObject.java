package io.kube4j.apiserver.storage;

/**
 * One object as the store holds it: its key, its serialised form (JSON without
 * {@code metadata.resourceVersion}, which is the store's modification revision instead, as
 * upstream's etcd3 storage does) and that revision. Immutable; the byte array is never mutated
 * after construction.
 */
public record StoredObject(String key, byte[] value, long modRevision) {
}
