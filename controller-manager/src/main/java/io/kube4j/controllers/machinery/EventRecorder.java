package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records core/v1 Events about objects, as client-go's EventRecorder: asynchronous, never failing
 * the caller, with repeats of the same event folded into one with a count. Thread-safe.
 */
public interface EventRecorder {

    String NORMAL = "Normal";
    String WARNING = "Warning";

    /** Records that {@code reason} happened to {@code regarding}; {@code type} is {@link #NORMAL} or {@link #WARNING}. */
    void event(HasMetadata regarding, String type, String reason, String message);

    /** {@link #event} with a {@link String#format} message. */
    default void eventf(HasMetadata regarding, String type, String reason, String format, Object... args) {
        event(regarding, type, reason, String.format(format, args));
    }
}
