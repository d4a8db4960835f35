package io.kube4j.apiserver.storage;

/**
 * Receives how long each store call took, for upstream's {@code etcd_request_duration_seconds}
 * (by operation: get, list, create, update, delete; and type: the key prefix of the resource,
 * e.g. {@code /registry/pods}). Implementations are thread-safe and cheap: they run on every call.
 */
@FunctionalInterface
public interface StorageLatency {

    StorageLatency NONE = (operation, type, nanos) -> { };

    void observe(String operation, String type, long nanos);

    /** The type label of a key or prefix: its first two segments ({@code /registry/pods/ns/x} -> {@code /registry/pods}). */
    static String typeOf(String key) {
        int second = key.indexOf('/', 1);
        if (second < 0) {
            return key;
        }
        int third = key.indexOf('/', second + 1);
        return third < 0 ? key : key.substring(0, third);
    }
}
