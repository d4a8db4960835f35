package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * One way of proving who sent a request (client certificate, bearer token, ...). Implementations
 * must be thread-safe: one instance serves all requests concurrently.
 */
public interface Authenticator {

    /**
     * The user the request's credentials of this kind name.
     *
     * @return empty when the request carries no credentials of this kind
     * @throws ApiException.Unauthorized when it carries such credentials but they are not valid
     */
    Optional<UserInfo> authenticate(Request request);
}
