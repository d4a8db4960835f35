package io.kube4j.apiserver.resources.apps;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Label selectors as upstream's {@code metav1} helpers treat them: syntax validation
 * ({@code ValidateLabelSelector}, {@code ValidateLabels}), matching against a label set, and the
 * canonical string form ({@code LabelSelectorAsSelector(...).String()}) that
 * {@code Scale.status.selector} carries. Stateless; thread-safe.
 */
public final class Selectors {

    private Selectors() {
    }

    /** {@code ValidateLabels}: each key a qualified name, each value a label value. */
    public static void validateLabels(List<FieldError> errs, Map<String, String> labels, String path) {
        for (Map.Entry<String, String> e : Checks.sorted(labels).entrySet()) {
            for (String msg : NameRules.isQualifiedName(e.getKey())) {
                errs.add(FieldError.invalid(path, e.getKey(), msg));
            }
            for (String msg : NameRules.isValidLabelValue(Checks.str(e.getValue()))) {
                errs.add(FieldError.invalid(path, Checks.str(e.getValue()), msg));
            }
        }
    }

    /** {@code ValidateLabelSelector} with invalid label values not allowed. Null is fine. */
    public static void validate(List<FieldError> errs, LabelSelector s, String path) {
        if (s == null) {
            return;
        }
        validateLabels(errs, s.getMatchLabels(), path + ".matchLabels");
        List<LabelSelectorRequirement> exprs = exprs(s);
        for (int i = 0; i < exprs.size(); i++) {
            validateRequirement(errs, exprs.get(i), path + ".matchExpressions[" + i + "]");
        }
    }

    private static void validateRequirement(List<FieldError> errs, LabelSelectorRequirement r, String path) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = Checks.str(r.getOperator());
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errs.add(FieldError.required(path + ".values",
                            "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errs.add(FieldError.forbidden(path + ".values",
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> errs.add(FieldError.invalid(path + ".operator", op, "not a valid selector operator"));
        }
        for (String msg : NameRules.isQualifiedName(Checks.str(r.getKey()))) {
            errs.add(FieldError.invalid(path + ".key", Checks.str(r.getKey()), msg));
        }
        for (int i = 0; i < values.size(); i++) {
            for (String msg : NameRules.isValidLabelValue(Checks.str(values.get(i)))) {
                errs.add(FieldError.invalid(path + ".values[" + i + "]", values.get(i), msg));
            }
        }
    }

    /** Whether the selector can be turned into a matcher (upstream's LabelSelectorAsSelector succeeds). */
    public static boolean convertible(LabelSelector s) {
        List<FieldError> errs = new ArrayList<>();
        validate(errs, s, "s");
        return errs.isEmpty();
    }

    /** Whether the selector has no requirement (it then matches everything). Null is empty. */
    public static boolean isEmpty(LabelSelector s) {
        return s == null || (Checks.sorted(s.getMatchLabels()).isEmpty() && exprs(s).isEmpty());
    }

    /** Whether {@code labels} satisfy every requirement of {@code s}. */
    public static boolean matches(LabelSelector s, Map<String, String> labels) {
        Map<String, String> set = Checks.sorted(labels);
        if (s == null) {
            return true;
        }
        for (Map.Entry<String, String> e : Checks.sorted(s.getMatchLabels()).entrySet()) {
            if (!Checks.str(e.getValue()).equals(set.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : exprs(s)) {
            String v = set.get(r.getKey());
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            boolean ok = switch (Checks.str(r.getOperator())) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The selector's canonical string ({@code a=b,c in (x,y),!d}), requirements sorted by key. */
    public static String format(LabelSelector s) {
        if (s == null) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        Checks.sorted(s.getMatchLabels()).forEach((k, v) -> byKey.computeIfAbsent(k, x -> new ArrayList<>())
                .add(k + "=" + Checks.str(v)));
        for (LabelSelectorRequirement r : exprs(s)) {
            String values = r.getValues() == null ? "" : r.getValues().stream().sorted().distinct()
                    .collect(Collectors.joining(","));
            String part = switch (Checks.str(r.getOperator())) {
                case "In" -> r.getKey() + " in (" + values + ")";
                case "NotIn" -> r.getKey() + " notin (" + values + ")";
                case "Exists" -> r.getKey();
                case "DoesNotExist" -> "!" + r.getKey();
                default -> r.getKey();
            };
            byKey.computeIfAbsent(Checks.str(r.getKey()), x -> new ArrayList<>()).add(part);
        }
        return byKey.values().stream().flatMap(List::stream).collect(Collectors.joining(","));
    }

    /** The string form of a plain equality selector (ReplicationController's {@code spec.selector}). */
    public static String format(Map<String, String> set) {
        return Checks.sorted(set).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    private static List<LabelSelectorRequirement> exprs(LabelSelector s) {
        return s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
    }
}
