package io.kube4j.apiserver.storage;

/**
 * The outcome of a conditional write: either it happened at {@code revision}, or the condition
 * failed and {@code current} is what the key holds now (null when the key does not exist), or a
 * key the write claims is taken.
 */
public sealed interface WriteResult {

    /** The write was applied at {@code revision}. */
    record Done(long revision) implements WriteResult {
    }

    /** The condition failed; {@code current} is the key's present state, or null when absent. */
    record Stale(StoredObject current) implements WriteResult {
    }

    /** The object's condition held but one of the write's {@link Claims} is held by another object. */
    record Taken(String key) implements WriteResult {
    }
}
