package io.kube4j.apiserver.auth;

import io.kube4j.apiserver.errors.ApiException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * Tries authenticators in order, as upstream's union authenticator followed by its anonymous one:
 * the first that names a user wins, and that user gains {@value UserInfo#ALL_AUTHENTICATED}; an
 * authenticator that rejects the request's credentials (401) does not stop the others, but if
 * none names a user the request is 401 rather than anonymous; when no authenticator finds
 * credentials at all the request is {@link UserInfo#anonymous() anonymous}.
 *
 * <p>Anonymous requests are then only admitted to the {@link #isPublicPath public paths}: the
 * health checks and {@code /version} ({@link #requireUser}). Immutable; thread-safe when its
 * authenticators are.
 */
public final class AuthenticatorChain {

    private static final List<String> PUBLIC_ROOTS = List.of("/healthz", "/livez", "/readyz");

    private final List<Authenticator> authenticators;

    public AuthenticatorChain(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    /**
     * The request's user, or anonymous when it carries no credentials.
     *
     * @throws ApiException.Unauthorized when it carries credentials and none are valid
     */
    public UserInfo authenticate(Request request) {
        ApiException.Unauthorized rejected = null;
        for (Authenticator authenticator : authenticators) {
            try {
                Optional<UserInfo> user = authenticator.authenticate(request);
                if (user.isPresent()) {
                    return user.get().withAuthenticatedGroup();
                }
            } catch (ApiException.Unauthorized e) {
                rejected = e;
            }
        }
        if (rejected != null) {
            throw rejected;
        }
        return UserInfo.anonymous();
    }

    /**
     * The request's user; anonymous only on a public path.
     *
     * @throws ApiException.Unauthorized for bad credentials, or none on a non-public path
     */
    public UserInfo requireUser(Request request) {
        UserInfo user = authenticate(request);
        if (user.isAnonymous() && !isPublicPath(Request.getPathInContext(request))) {
            throw new ApiException.Unauthorized();
        }
        return user;
    }

    /**
     * Whether anonymous requests may see {@code path}: {@code /healthz}, {@code /livez},
     * {@code /readyz} and anything under them (the individual checks), and {@code /version}.
     * Paths with dot or empty segments are never public, so they cannot climb out.
     */
    public static boolean isPublicPath(String path) {
        if (path == null || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/..") || path.contains("//")) {
            return false;
        }
        if (path.equals("/version") || path.equals("/version/")) {
            return true;
        }
        for (String root : PUBLIC_ROOTS) {
            if (path.equals(root) || path.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }
}
