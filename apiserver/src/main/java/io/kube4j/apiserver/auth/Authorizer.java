package io.kube4j.apiserver.auth;

/**
 * Decides whether a user may do what a request asks. Implementations must be thread-safe and must
 * not block for long: they run on every request.
 */
public interface Authorizer {

    /** The decision for {@code attributes}; never null, never throws for a well-formed request. */
    Decision authorize(AuthorizationAttributes attributes);
}
