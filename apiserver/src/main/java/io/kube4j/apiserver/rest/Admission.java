package io.kube4j.apiserver.rest;

import io.kube4j.apiserver.registry.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * One admission plugin, run on every create and update after the strategy's defaulting and
 * before validation, as upstream's mutating then validating admission: it may change
 * {@code object} or refuse the write by throwing an {@code ApiException}. Implementations are
 * thread-safe.
 */
public interface Admission {

    /** The write being admitted. */
    enum Operation { CREATE, UPDATE, DELETE }

    /**
     * @param old the current object on UPDATE/DELETE, null on CREATE
     * @param dryRun whether the write will not be persisted (plugins must not allocate for real)
     */
    void admit(ResourceType type, Operation operation, ObjectNode object, ObjectNode old, boolean dryRun);
}
