package io.kube4j.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;

/**
 * Writes a namespace's {@code spec.finalizers} through the {@code namespaces/{name}/finalize}
 * subresource (the only way to change them). The apiserver removes a deleting namespace whose
 * spec.finalizers and metadata.finalizers are both empty. Implementations are thread-safe and
 * throw fabric8's {@code KubernetesClientException} on failure (409 on a stale resourceVersion).
 */
@FunctionalInterface
public interface NamespaceFinalizer {

    /** PUTs {@code namespace} (with the finalizers wanted in spec) to its finalize subresource; returns it as stored. */
    Namespace finalizeNamespace(Namespace namespace);
}
