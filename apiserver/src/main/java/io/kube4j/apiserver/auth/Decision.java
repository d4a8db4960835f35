package io.kube4j.apiserver.auth;

import java.util.Objects;

/**
 * An authorizer's answer, as upstream's: allow, deny, or no opinion (let the next authorizer
 * decide; if none does, the request is denied). The reason is for the Forbidden message and the
 * audit log; it may be empty. Immutable; thread-safe.
 */
public sealed interface Decision {

    /** Why; may be empty. */
    String reason();

    /** Whether the request may proceed. */
    default boolean allowed() {
        return this instanceof Allow;
    }

    /** The request may proceed. */
    record Allow(String reason) implements Decision {
        public Allow {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The request is forbidden, whatever later authorizers would say. */
    record Deny(String reason) implements Decision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** This authorizer does not decide. */
    record NoOpinion(String reason) implements Decision {
        public NoOpinion {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
