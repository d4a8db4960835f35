package io.kube4j.apiserver.rest;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a delete did: the object is gone ({@code deleted}, with its last state), or its deletion is
 * pending (finalizers, graceful termination) and {@code object} is its state now.
 */
public record DeleteOutcome(boolean deleted, ObjectNode object) {
}
