package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.NameRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Small field checks shared by the workload strategies, worded as upstream's
 * {@code apivalidation} helpers. Each appends to a caller's list. Stateless; thread-safe.
 */
public final class Checks {

    /** Upstream's {@code IsNegativeErrorMsg}. */
    public static final String NEGATIVE = "must be greater than or equal to 0";

    private Checks() {
    }

    /** {@code ValidateNonnegativeField}: a null value is not checked. */
    public static void nonNegative(List<FieldError> errs, Number value, String path) {
        if (value != null && value.longValue() < 0) {
            errs.add(FieldError.invalid(path, value.longValue(), NEGATIVE));
        }
    }

    /** {@code ValidateImmutableField}: semantic equality, the new value shown on failure. */
    public static void immutable(List<FieldError> errs, Object now, Object old, String path) {
        if (!Copies.semanticEqual(now, old)) {
            errs.add(FieldError.invalid(path, Copies.shown(now), "field is immutable"));
        }
    }

    /** Null-safe int with a fallback. */
    public static int intOr(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** Null-safe string. */
    public static String str(String s) {
        return s == null ? "" : s;
    }

    /** Null-safe map, sorted by key as upstream reports map entries deterministically enough for tests. */
    public static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }

    /** Whether the two strings are equal, null and empty alike. */
    public static boolean sameString(String a, String b) {
        return Objects.equals(str(a), str(b));
    }

    /** {@code ValidatePositiveIntOrPercent}: a non-negative int or a percent string. */
    public static void intOrPercent(List<FieldError> errs, IntOrString v, String path) {
        if (v == null) {
            return;
        }
        if (v.getStrVal() != null) {
            for (String msg : NameRules.isPercent(v.getStrVal())) {
                errs.add(FieldError.invalid(path, v.getStrVal(), msg));
            }
        } else if (v.getIntVal() != null) {
            nonNegative(errs, v.getIntVal(), path);
        } else {
            errs.add(FieldError.invalid(path, Copies.shown(v), "must be an integer or percentage (e.g '5%%')"));
        }
    }

    /** {@code IsNotMoreThan100Percent}. */
    public static void notMoreThan100Percent(List<FieldError> errs, IntOrString v, String path) {
        Integer pct = percentValue(v);
        if (pct != null && pct > 100) {
            errs.add(FieldError.invalid(path, v.getStrVal(), "must not be greater than 100%"));
        }
    }

    /** The integer of an int or a well-formed percent, 0 otherwise (upstream's getIntOrPercentValue). */
    public static int intOrPercentValue(IntOrString v) {
        if (v == null) {
            return 0;
        }
        Integer pct = percentValue(v);
        if (pct != null) {
            return pct;
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        return 0;
    }

    private static Integer percentValue(IntOrString v) {
        if (v == null || v.getStrVal() == null || !NameRules.isPercent(v.getStrVal()).isEmpty()) {
            return null;
        }
        String digits = v.getStrVal().substring(0, v.getStrVal().length() - 1);
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
