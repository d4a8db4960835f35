package io.kube4j.kubelet.server;

/**
 * A request the kubelet server refuses: the HTTP status and the plain-text message upstream's
 * kubelet answers with (the apiserver passes it on to the client).
 */
public final class HttpError extends RuntimeException {

    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
