package io.kube4j.controllers.machinery;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Label selectors as predicates over label maps, as apimachinery's LabelSelectorAsSelector and
 * SelectorFromSet: a null LabelSelector matches nothing, an empty one everything; a null or empty
 * map selector (ReplicationController, Service) matches everything for RCs and is handled by the
 * caller for Services. Stateless; the predicates are immutable and thread-safe.
 */
public final class Selectors {

    private Selectors() {
    }

    /** The predicate of {@code selector}; unknown operators match nothing. */
    public static Predicate<Map<String, String>> of(LabelSelector selector) {
        if (selector == null) {
            return labels -> false;
        }
        Map<String, String> match = selector.getMatchLabels() == null ? Map.of() : Map.copyOf(selector.getMatchLabels());
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : List.copyOf(selector.getMatchExpressions());
        return labels -> {
            Map<String, String> l = labels == null ? Map.of() : labels;
            for (var e : match.entrySet()) {
                if (!e.getValue().equals(l.get(e.getKey()))) {
                    return false;
                }
            }
            for (LabelSelectorRequirement r : expressions) {
                if (!matches(r, l)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The predicate of an equality map selector ({@code spec.selector} of RCs and Services). */
    public static Predicate<Map<String, String>> ofMap(Map<String, String> selector) {
        Map<String, String> match = selector == null ? Map.of() : Map.copyOf(selector);
        return labels -> {
            Map<String, String> l = labels == null ? Map.of() : labels;
            return match.entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())));
        };
    }

    /** Whether {@code selector} selects everything (no requirements at all). */
    public static boolean empty(LabelSelector selector) {
        return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
        String v = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> v != null && values.contains(v);
            case "NotIn" -> v == null || !values.contains(v);
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> false;
        };
    }
}
