package io.kube4j.apiserver.rest;

import io.kube4j.apiserver.errors.ApiException;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Scarce values a kind of object holds exclusively across the cluster (a Service's cluster IP and
 * node ports): the server fills the ones a client leaves blank, and {@link ResourceStore} claims
 * them as store keys in the same transaction as the object ({@link io.kube4j.apiserver.storage.Claims}),
 * releasing them when the object stops holding them or is deleted. Implementations are
 * stateless or thread-safe.
 */
public interface Allocations {

    /** For kinds that hold nothing. */
    Allocations NONE = new Allocations() {
        @Override
        public void assign(ObjectNode object, ObjectNode old) {
        }

        @Override
        public Set<String> held(ObjectNode object) {
            return Set.of();
        }

        @Override
        public ApiException taken(String key, ObjectNode object) {
            throw new IllegalStateException("nothing is claimed");
        }
    };

    /**
     * Fills, in place, what {@code object} leaves for the server to choose, keeping what
     * {@code old} (null on create) held where upstream keeps it; checks what the client chose.
     * Called again with a fresh copy when a chosen value turned out to be taken.
     *
     * @throws ApiException.Invalid when a value the client chose is out of range
     */
    void assign(ObjectNode object, ObjectNode old);

    /** The claim keys {@code object} holds, e.g. {@code /registry/kube4j/serviceips/10.96.0.10}. */
    Set<String> held(ObjectNode object);

    /** The error for {@code key}, which the client chose and another object holds. */
    ApiException taken(String key, ObjectNode object);
}
