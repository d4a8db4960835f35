package io.kube4j.apiserver.serviceaccount;

/**
 * Why a service-account token was refused (bad signature, expired, bound object gone...). The
 * message is upstream's wording; it is logged, never sent to the client, which only sees 401.
 */
public final class TokenRejected extends RuntimeException {

    public TokenRejected(String message) {
        super(message, null, false, false);
    }
}
