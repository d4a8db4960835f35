package io.kube4j.apiserver.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who made a request, as upstream's {@code user.Info}: a name, an optional uid (empty when the
 * authenticator knows none), groups in the order the authenticator found them, and extra
 * key/values (for example the pod a service-account token is bound to). Immutable; thread-safe.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    /** The user of requests that carry no credentials. */
    public static final String ANONYMOUS = "system:anonymous";
    /** The group of every authenticated user. */
    public static final String ALL_AUTHENTICATED = "system:authenticated";
    /** The group of anonymous requests. */
    public static final String ALL_UNAUTHENTICATED = "system:unauthenticated";

    public UserInfo {
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extra.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        extra = Collections.unmodifiableMap(copy);
    }

    /** A user with no uid and no extra. */
    public static UserInfo of(String name, List<String> groups) {
        return new UserInfo(name, "", groups, Map.of());
    }

    /** {@value #ANONYMOUS} in {@value #ALL_UNAUTHENTICATED}. */
    public static UserInfo anonymous() {
        return of(ANONYMOUS, List.of(ALL_UNAUTHENTICATED));
    }

    /** Whether this is the anonymous user. */
    public boolean isAnonymous() {
        return ANONYMOUS.equals(name);
    }

    /**
     * This user with {@value #ALL_AUTHENTICATED} appended, unless it already has that group or
     * {@value #ALL_UNAUTHENTICATED} (upstream's rule: an authenticator may decide either).
     */
    public UserInfo withAuthenticatedGroup() {
        if (groups.contains(ALL_AUTHENTICATED) || groups.contains(ALL_UNAUTHENTICATED)) {
            return this;
        }
        List<String> more = new ArrayList<>(groups);
        more.add(ALL_AUTHENTICATED);
        return new UserInfo(name, uid, more, extra);
    }
}
