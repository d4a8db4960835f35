package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;

/**
 * Asks the authorizer about one request and turns a refusal into upstream's 403, worded as
 * kube-apiserver words it, e.g. {@code pods "web" is forbidden: User "bob" cannot get resource
 * "pods" in API group "" in the namespace "default"}. Thread-safe when its authorizer is.
 */
public final class AccessCheck {

    private final Authorizer authorizer;

    public AccessCheck(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** @throws ApiException.Forbidden unless the authorizer allows the request */
    public void require(AuthorizationAttributes a) {
        Decision d = authorizer.authorize(a);
        if (d.allowed()) {
            return;
        }
        throw forbidden(a, d.reason());
    }

    static ApiException.Forbidden forbidden(AuthorizationAttributes a, String reason) {
        String why = "User \"" + a.user().name() + "\" cannot " + a.verb();
        if (!a.resourceRequest()) {
            return new ApiException.Forbidden("forbidden: " + why + " path \"" + a.path() + "\"" + suffix(reason));
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        why += " resource \"" + resource + "\" in API group \"" + a.apiGroup() + "\""
                + (a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"")
                + suffix(reason);
        if (!a.name().isEmpty()) {
            return new ApiException.Forbidden(a.resource(), a.apiGroup(), a.name(), why);
        }
        String qualified = ApiException.qualified(a.resource(), a.apiGroup());
        return new ApiException.Forbidden(qualified + " is forbidden: " + why);
    }

    private static String suffix(String reason) {
        return reason == null || reason.isEmpty() ? "" : ": " + reason;
    }
}
