package io.kube4j.apiserver.auth;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a request wants to do, as upstream's {@code authorizer.Attributes}. For resource requests
 * ({@code resourceRequest}) the verb is the API verb ({@code get}, {@code list}, {@code watch},
 * {@code create}, {@code update}, {@code patch}, {@code delete}, {@code deletecollection}, or a
 * special one such as {@code impersonate}); otherwise it is the lower-cased HTTP method and only
 * {@code path} matters. Absent parts are empty strings, never null. Immutable; thread-safe.
 *
 * @param user            who asks
 * @param verb            the verb
 * @param namespace       the namespace; empty for cluster-scoped and all-namespace requests
 * @param apiGroup        the API group; empty for the core group
 * @param apiVersion      the API version, e.g. {@code v1}
 * @param resource        the resource, e.g. {@code pods}
 * @param subresource     the subresource, e.g. {@code status}
 * @param name            the object name; empty for collections
 * @param path            the request path
 * @param resourceRequest whether this is a request for an API resource
 */
public record AuthorizationAttributes(UserInfo user, String verb, String namespace, String apiGroup,
                                      String apiVersion, String resource, String subresource, String name,
                                      String path, boolean resourceRequest) {

    private static final Set<String> READ_ONLY_VERBS = Set.of("get", "list", "watch");

    public AuthorizationAttributes {
        Objects.requireNonNull(user, "user");
        verb = orEmpty(verb);
        namespace = orEmpty(namespace);
        apiGroup = orEmpty(apiGroup);
        apiVersion = orEmpty(apiVersion);
        resource = orEmpty(resource);
        subresource = orEmpty(subresource);
        name = orEmpty(name);
        path = orEmpty(path);
    }

    /** A request for an API resource. */
    public static AuthorizationAttributes resource(UserInfo user, String verb, String namespace, String apiGroup,
                                                   String apiVersion, String resource, String subresource,
                                                   String name, String path) {
        return new AuthorizationAttributes(user, verb, namespace, apiGroup, apiVersion, resource, subresource, name,
                path, true);
    }

    /** A request for a non-resource path ({@code /healthz}, {@code /apis}, ...); verb is the HTTP method. */
    public static AuthorizationAttributes nonResource(UserInfo user, String httpMethod, String path) {
        return new AuthorizationAttributes(user, httpMethod.toLowerCase(Locale.ROOT), "", "", "", "", "", "",
                path, false);
    }

    /** Whether the verb only reads ({@code get}, {@code list}, {@code watch}). */
    public boolean readOnly() {
        return READ_ONLY_VERBS.contains(verb);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
