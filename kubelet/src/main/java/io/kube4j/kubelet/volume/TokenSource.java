package io.kube4j.kubelet.volume;

import java.time.Instant;
import java.util.List;

/**
 * Service-account tokens bound to a pod (the TokenRequest API,
 * {@code POST /api/v1/namespaces/NS/serviceaccounts/NAME/token}). Thread-safe.
 */
public interface TokenSource {

    /** A token and when it expires. */
    record Token(String token, Instant expiration) {}

    /**
     * Requests a token for the service account, bound to the pod (name and UID).
     *
     * @param audiences empty: the apiserver's
     * @throws java.io.IOException with the apiserver's answer when it refuses or cannot be reached
     */
    Token request(String namespace, String serviceAccount, List<String> audiences, long expirationSeconds,
            String podName, String podUid) throws java.io.IOException;
}
