package io.kube4j.apiserver.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.apiserver.errors.FieldError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Small checks every validator repeats, each appending upstream's error to a list. Stateless,
 * thread-safe.
 */
public final class FieldChecks {

    /** Upstream's words for a field that may not change. */
    public static final String IMMUTABLE = "field is immutable";

    private FieldChecks() {
    }

    /** Invalid(path, value, "field is immutable") when {@code value} differs from {@code old}. */
    public static void immutable(List<FieldError> errs, String path, Object value, Object old) {
        if (!Objects.equals(value, old)) {
            errs.add(FieldError.invalid(path, value, IMMUTABLE));
        }
    }

    /** Invalid with "must be greater than or equal to 0" for a negative value. */
    public static void nonNegative(List<FieldError> errs, String path, Number value) {
        if (value != null && value.longValue() < 0) {
            errs.add(FieldError.invalid(path, value, "must be greater than or equal to 0"));
        }
    }

    /** Invalid with "must be greater than zero" for a value of 0 or less. */
    public static void positive(List<FieldError> errs, String path, Number value) {
        if (value != null && value.longValue() <= 0) {
            errs.add(FieldError.invalid(path, value, "must be greater than zero"));
        }
    }

    /** Each message of {@code rule} as one Invalid error on {@code path}. */
    public static void each(List<FieldError> errs, String path, String value, Function<String, List<String>> rule) {
        for (String msg : rule.apply(value)) {
            errs.add(FieldError.invalid(path, value, msg));
        }
    }

    /** Required when empty, else each message of {@code rule} as Invalid. */
    public static void requiredThen(List<FieldError> errs, String path, String value,
            Function<String, List<String>> rule) {
        if (value == null || value.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        } else {
            each(errs, path, value, rule);
        }
    }

    /** Required when empty, NotSupported when not one of {@code supported}. */
    public static void oneOf(List<FieldError> errs, String path, String value, List<String> supported) {
        if (value == null || value.isEmpty()) {
            errs.add(FieldError.required(path, ""));
        } else if (!supported.contains(value)) {
            errs.add(FieldError.notSupported(path, value, supported));
        }
    }

    /** Labels as upstream's {@code ValidateLabels}: qualified-name keys, label values, all on {@code path}. */
    public static void labels(List<FieldError> errs, String path, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            each(errs, path, e.getKey(), NameRules::isQualifiedName);
            each(errs, path, e.getValue() == null ? "" : e.getValue(), NameRules::isValidLabelValue);
        }
    }

    /** The numeric value of a quantity, or null when it does not parse. */
    public static BigDecimal amount(Quantity q) {
        if (q == null) {
            return null;
        }
        try {
            return q.getNumericalAmount();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The quantity as written ({@code 100m}, {@code 1Gi}). */
    public static String text(Quantity q) {
        if (q == null) {
            return "";
        }
        String a = q.getAmount() == null ? "" : q.getAmount();
        return q.getFormat() == null ? a : a + q.getFormat();
    }

    /** Invalid "must be greater than or equal to 0" for a negative quantity. */
    public static void nonNegativeQuantity(List<FieldError> errs, String path, Quantity q) {
        BigDecimal v = amount(q);
        if (v == null) {
            errs.add(FieldError.invalid(path, text(q), "quantities must match the regular expression "
                    + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        } else if (v.signum() < 0) {
            errs.add(FieldError.invalid(path, text(q), "must be greater than or equal to 0"));
        }
    }
}
