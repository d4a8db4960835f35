package io.kube4j.scheduler.framework;

/** Thrown by a plugin hook that has no Status return to report an internal error. */
public final class PluginException extends RuntimeException {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
