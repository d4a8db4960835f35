package io.kube4j.runtime;

/**
 * A runtime operation failed. {@link #reason()} is the closed set the kubelet maps to Kubernetes
 * reasons (e.g. ErrImagePull, CreateContainerError); the message is for people and names the cause.
 */
public class RuntimeFailure extends RuntimeException {

    /** What kind of failure; the kubelet reports each with its own reason. */
    public enum Reason {
        IMAGE_NOT_PRESENT,
        IMAGE_PULL,
        IMAGE_NOT_FOUND,
        IMAGE_AUTH,
        INVALID_IMAGE_NAME,
        SANDBOX,
        NETWORK,
        CREATE,
        START,
        NOT_FOUND,
        NOT_RUNNING,
        UNSUPPORTED,
        OTHER
    }

    private final Reason reason;

    public RuntimeFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RuntimeFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
