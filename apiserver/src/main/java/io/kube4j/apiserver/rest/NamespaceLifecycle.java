package io.kube4j.apiserver.rest;

/**
 * Upstream's NamespaceLifecycle admission for creates: the namespace must exist (404
 * {@code namespaces "x" not found}) and must not be terminating (403). Thread-safe.
 */
@FunctionalInterface
public interface NamespaceLifecycle {

    /** Throws when objects may not be created in {@code namespace}. */
    void checkCreate(String namespace);
}
