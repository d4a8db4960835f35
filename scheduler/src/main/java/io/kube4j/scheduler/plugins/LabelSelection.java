package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A label selector (of pods, or of namespaces for affinity terms) as upstream's {@code metav1.LabelSelectorAsSelector} evaluates it: every
 * requirement must hold; a null selector matches nothing, an empty one everything. Immutable and
 * thread-safe.
 *
 * @param requirements the ANDed requirements
 * @param nothing      true for the selector of a null LabelSelector, which matches no labels
 */
public record LabelSelection(List<Requirement> requirements, boolean nothing) {

    /** Matches every label set. */
    public static final LabelSelection EVERYTHING = new LabelSelection(List.of(), false);
    /** Matches no label set. */
    public static final LabelSelection NOTHING = new LabelSelection(List.of(), true);

    /**
     * One requirement on a label.
     *
     * @param key      the label key
     * @param operator In, NotIn, Exists or DoesNotExist
     * @param values   the values In/NotIn compare against (empty for Exists/DoesNotExist)
     */
    public record Requirement(String key, String operator, Set<String> values) {

        public Requirement {
            values = Set.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> false;
            };
        }
    }

    public LabelSelection {
        requirements = List.copyOf(requirements);
    }

    /**
     * The selector of {@code s}.
     *
     * @throws IllegalArgumentException for an unknown operator or values that do not fit it, as
     *                                  upstream's conversion rejects them
     */
    public static LabelSelection of(LabelSelector s) {
        if (s == null) {
            return NOTHING;
        }
        List<Requirement> out = new ArrayList<>();
        if (s.getMatchLabels() != null) {
            // Sorted so that equal selectors have equal requirement lists.
            new TreeMap<>(s.getMatchLabels()).forEach((k, v) -> out.add(new Requirement(k, "In", Set.of(v))));
        }
        if (s.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : s.getMatchExpressions()) {
                out.add(requirement(r));
            }
        }
        return new LabelSelection(out, false);
    }

    /** This selector with the requirements of {@code other} added (both must hold). */
    public LabelSelection and(LabelSelection other) {
        if (nothing || other.nothing) {
            return NOTHING;
        }
        List<Requirement> all = new ArrayList<>(requirements);
        all.addAll(other.requirements);
        return new LabelSelection(all, false);
    }

    /** This selector with {@code key In (value)} added. */
    public LabelSelection andLabel(String key, String value) {
        return and(new LabelSelection(List.of(new Requirement(key, "In", Set.of(value))), false));
    }

    /** Whether the selector has no requirements (and so matches everything, unless it is NOTHING). */
    public boolean empty() {
        return requirements.isEmpty();
    }

    /** Whether {@code labels} (null means none) satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(l)) {
                return false;
            }
        }
        return true;
    }

    private static Requirement requirement(LabelSelectorRequirement r) {
        String op = r.getOperator() == null ? "" : r.getOperator();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    throw new IllegalArgumentException("for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    throw new IllegalArgumentException("values set must be empty for exists and does not exist");
                }
            }
            default -> throw new IllegalArgumentException("\"" + op + "\" is not a valid label selector operator");
        }
        return new Requirement(r.getKey(), op, Set.copyOf(values));
    }
}
