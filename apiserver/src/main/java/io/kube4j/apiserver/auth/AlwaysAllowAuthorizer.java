package io.kube4j.apiserver.auth;

/**
 * Allows everything (upstream's {@code AlwaysAllow} mode); in use until RBAC arrives. Stateless;
 * thread-safe.
 */
public final class AlwaysAllowAuthorizer implements Authorizer {

    private static final Decision ALLOW = new Decision.Allow("");

    @Override
    public Decision authorize(AuthorizationAttributes attributes) {
        return ALLOW;
    }
}
