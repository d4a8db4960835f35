package io.kube4j.apiserver.errors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation failure on one field, worded as upstream's {@code field.Error}: the path of the
 * field ({@code spec.containers[0].image}), what kind of failure it is, the bad value (when there
 * is one) and a detail. A list of these becomes one 422 Invalid {@code Status}, one cause each.
 *
 * <p>Immutable value.
 *
 * @param type   what kind of failure
 * @param field  the field's path, dotted with {@code [i]} and {@code [key]} subscripts
 * @param value  the offending value as written in the message, or null to omit it
 * @param detail more words, or empty
 */
public record FieldError(Type type, String field, Object value, String detail) {

    /** Upstream's error types, with the Status cause reason and the words each prints. */
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found"),
        REQUIRED("FieldValueRequired", "Required value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        INTERNAL("InternalError", "Internal error");

        private final String reason;
        private final String words;

        Type(String reason, String words) {
            this.reason = reason;
            this.words = words;
        }

        /** The {@code StatusCause.reason}, e.g. {@code FieldValueRequired}. */
        public String reason() {
            return reason;
        }

        /** Whether upstream's message prints the bad value after the words. */
        boolean showsValue() {
            return switch (this) {
                case REQUIRED, FORBIDDEN, INTERNAL, TOO_LONG, TOO_MANY -> false;
                default -> true;
            };
        }

        /** The words upstream prints for this type, e.g. {@code Required value}. */
        public String words() {
            return words;
        }
    }

    public FieldError {
        detail = detail == null ? "" : detail;
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, "");
    }

    public static FieldError tooLong(String field, Object value, int max) {
        return new FieldError(Type.TOO_LONG, field, value, "may not be more than " + max + " bytes");
    }

    public static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(Type.TOO_MANY, field, actual, "must have at most " + max + " items");
    }

    /** Upstream's {@code NotSupported}: lists the supported values, each quoted. */
    public static FieldError notSupported(String field, Object value, List<String> supported) {
        String list = supported.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(", "));
        return new FieldError(Type.NOT_SUPPORTED, field, value,
                supported.isEmpty() ? "" : "supported values: " + list);
    }

    /**
     * The cause's message without the field, as upstream's {@code ErrorBody}:
     * {@code Invalid value: "x": must be ...}, {@code Required value}.
     */
    public String body() {
        StringBuilder s = new StringBuilder(type.words());
        if (value != null && type.showsValue()) {
            s.append(": ").append(render(value));
        }
        if (!detail.isEmpty()) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    /** The full line, {@code field: body}, as upstream's {@code Error()}. */
    public String message() {
        return field + ": " + body();
    }

    private static String render(Object value) {
        if (value instanceof String str) {
            return "\"" + str + "\"";
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            // Go's %#v of a []string, as upstream prints list values
            return "[]string{" + String.join(", ", list.stream().map(FieldError::render).toList()) + "}";
        }
        return String.valueOf(value);
    }
}
