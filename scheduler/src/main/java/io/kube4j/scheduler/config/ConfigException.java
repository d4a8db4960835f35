package io.kube4j.scheduler.config;

import java.util.List;

/**
 * A scheduler configuration that cannot be used: unreadable, invalid, or naming plugins that do
 * not exist. {@link #errors()} lists every problem found, each worded as upstream's validation
 * ({@code profiles[1].schedulerName: Duplicate value: "x"}); the message joins them.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
        this.errors = List.copyOf(errors);
    }

    public ConfigException(String error) {
        this(List.of(error));
    }

    public List<String> errors() {
        return errors;
    }
}
