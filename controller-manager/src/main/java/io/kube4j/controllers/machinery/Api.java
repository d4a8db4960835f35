package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The writes controllers make to the apiserver, and the rare live read. Every call is one request;
 * failures surface as fabric8's {@code KubernetesClientException} with the HTTP code (see
 * {@link ApiErrors}). Objects passed in are not modified; results are new objects the caller owns.
 * Implementations are thread-safe: {@link Fabric8Api} for the real apiserver, an in-memory fake for
 * unit tests.
 */
public interface Api {

    /** How a patch body is read. */
    enum PatchKind { JSON, MERGE, STRATEGIC_MERGE }

    /** What a delete asks for; null fields take the server's defaults. */
    record Deletion(String preconditionUid, String propagationPolicy, Long gracePeriodSeconds) {
        public static final Deletion DEFAULT = new Deletion(null, null, null);

        public static Deletion uid(String uid) {
            return new Deletion(uid, null, null);
        }

        public Deletion withPropagation(String policy) {
            return new Deletion(preconditionUid, policy, gracePeriodSeconds);
        }

        public Deletion withGracePeriod(Long seconds) {
            return new Deletion(preconditionUid, propagationPolicy, seconds);
        }
    }

    /** Creates {@code object} (named, or with {@code generateName}) and returns it as stored. */
    <T extends HasMetadata> T create(T object);

    /** Replaces {@code object}; its resourceVersion, when set, must still be current (else 409). */
    <T extends HasMetadata> T update(T object);

    /** Replaces the status of {@code object}, under the same resourceVersion rule. */
    <T extends HasMetadata> T updateStatus(T object);

    /** Patches the object; {@code namespace} is null for cluster-scoped kinds. */
    <T extends HasMetadata> T patch(Class<T> type, String namespace, String name, PatchKind kind, String body);

    /** Patches the status of the object. */
    <T extends HasMetadata> T patchStatus(Class<T> type, String namespace, String name, PatchKind kind, String body);

    /** Deletes the object; a missing object is a 404. */
    <T extends HasMetadata> void delete(Class<T> type, String namespace, String name, Deletion options);

    /** Reads the object from the apiserver (a quorum read, not the cache), or null when absent. */
    <T extends HasMetadata> T get(Class<T> type, String namespace, String name);
}
