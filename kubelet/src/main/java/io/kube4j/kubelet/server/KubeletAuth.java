package io.kube4j.kubelet.server;

import io.kube4j.apiserver.auth.UserInfo;
import io.kube4j.apiserver.auth.X509Authenticator;
import io.kube4j.apiserver.errors.ApiException;
import org.eclipse.jetty.server.Request;

/**
 * Who may call the kubelet: a client certificate chaining to the client CA (upstream's
 * {@code --client-ca-file} x509 authentication; no bearer tokens, anonymous refused with 401),
 * whose user or one of whose groups the configuration authorizes (upstream delegates this to the
 * apiserver with a SubjectAccessReview on {@code nodes/proxy} and friends; here the apiserver's
 * client identity and the superuser group are allowed everything, everyone else gets 403).
 * Thread-safe.
 */
final class KubeletAuth {

    private final X509Authenticator x509;
    private final KubeletServerConfig config;

    KubeletAuth(KubeletServerConfig config) {
        this.x509 = new X509Authenticator(config.clientCa());
        this.config = config;
    }

    /**
     * The authorized caller.
     *
     * @param subresource what upstream's authorizer would be asked about (proxy, log, stats, exec...)
     * @throws HttpError 401 without a valid certificate, 403 when its user is not authorized
     */
    UserInfo require(Request request, String verb, String subresource) {
        UserInfo user;
        try {
            user = x509.authenticate(request).orElseThrow(() -> new HttpError(401, "Unauthorized"));
        } catch (ApiException.Unauthorized e) {
            throw new HttpError(401, "Unauthorized");
        }
        boolean allowed = config.authorizedUsers().contains(user.name())
                || user.groups().stream().anyMatch(config.authorizedGroups()::contains);
        if (!allowed) {
            throw new HttpError(403, "Forbidden (user=" + user.name() + ", verb=" + verb + ", resource=nodes, subresource="
                    + subresource + ")");
        }
        return user;
    }
}
