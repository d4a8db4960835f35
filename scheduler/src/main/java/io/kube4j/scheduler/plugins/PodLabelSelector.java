package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiled metav1.LabelSelector as upstream's LabelSelectorAsSelector: a null selector selects
 * nothing, an empty one ({@code {}}) selects everything, otherwise every matchLabels pair and
 * every matchExpressions requirement must hold. Immutable and thread-safe.
 */
final class PodLabelSelector {

    /** Selects no label set (a null selector). */
    static final PodLabelSelector NOTHING = new PodLabelSelector(false, List.of());
    /** Selects every label set (an empty selector). */
    static final PodLabelSelector EVERYTHING = new PodLabelSelector(true, List.of());

    private record Requirement(String key, String operator, List<String> values) {
    }

    private final boolean matchesAll;
    private final List<Requirement> requirements;

    private PodLabelSelector(boolean matchesAll, List<Requirement> requirements) {
        this.matchesAll = matchesAll;
        this.requirements = List.copyOf(requirements);
    }

    /**
     * Compiles {@code selector}.
     *
     * @throws IllegalArgumentException for an unknown operator, In/NotIn without values, or
     *                                  Exists/DoesNotExist with values (as upstream rejects them)
     */
    static PodLabelSelector compile(LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        if (labels.isEmpty() && exprs.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(new Requirement(k, "In", List.of(v))));
        for (LabelSelectorRequirement r : exprs) {
            List<String> values = r.getValues() == null ? List.of() : List.copyOf(r.getValues());
            String op = r.getOperator() == null ? "" : r.getOperator();
            switch (op) {
                case "In", "NotIn" -> {
                    if (values.isEmpty()) {
                        throw new IllegalArgumentException("for '" + op + "' operator, values set can't be empty");
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (!values.isEmpty()) {
                        throw new IllegalArgumentException("values set must be empty for exists and does not exist");
                    }
                }
                default -> throw new IllegalArgumentException("\"" + op + "\" is not a valid label selector operator");
            }
            reqs.add(new Requirement(r.getKey(), op, values));
        }
        return new PodLabelSelector(false, reqs);
    }

    /** Whether {@code labels} (null means none) satisfy the selector. */
    boolean matches(Map<String, String> labels) {
        if (matchesAll) {
            return true;
        }
        if (requirements.isEmpty()) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            String value = l.get(r.key());
            boolean ok = switch (r.operator()) {
                case "In" -> value != null && r.values().contains(value);
                case "NotIn" -> value == null || !r.values().contains(value);
                case "Exists" -> value != null;
                default -> value == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
