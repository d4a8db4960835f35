package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.List;
import java.util.Map;

/**
 * Node selector term matching as upstream's nodeaffinity helpers: terms are ORed; inside a term
 * every expression (on labels) and every field requirement (only {@code metadata.name}) must hold;
 * a term with neither matches nothing; a malformed requirement makes its term match nothing.
 * Stateless.
 */
public final class NodeSelectors {

    /** The only field a node selector may test. */
    public static final String NAME_FIELD = "metadata.name";

    private NodeSelectors() {
    }

    /** Whether any of {@code terms} matches {@code node}; an empty list matches nothing. */
    public static boolean anyTermMatches(List<NodeSelectorTerm> terms, Node node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one term matches {@code node}. */
    public static boolean termMatches(NodeSelectorTerm term, Node node) {
        if (term == null) {
            return false;
        }
        List<NodeSelectorRequirement> exprs = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        for (NodeSelectorRequirement r : exprs) {
            if (!requirementMatches(r, labels.get(r.getKey()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!NAME_FIELD.equals(r.getKey())) {
                return false;
            }
            String op = r.getOperator();
            if (!"In".equals(op) && !"NotIn".equals(op)) {
                return false;
            }
            if (!requirementMatches(r, node.getMetadata().getName())) {
                return false;
            }
        }
        return true;
    }

    /** Whether every nodeSelector label is on the node with the same value. */
    public static boolean labelsMatch(Map<String, String> selector, Node node) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = node.getMetadata().getLabels();
        if (labels == null) {
            return false;
        }
        for (var e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** One requirement against the label (or field) value, null when the label is absent. */
    static boolean requirementMatches(NodeSelectorRequirement r, String value) {
        List<String> values = orEmpty(r.getValues());
        String op = r.getOperator() == null ? "" : r.getOperator();
        return switch (op) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null && values.isEmpty();
            case "DoesNotExist" -> value == null && values.isEmpty();
            case "Gt", "Lt" -> compareNumbers(op, value, values);
            default -> false;
        };
    }

    private static boolean compareNumbers(String op, String value, List<String> values) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            long have = Long.parseLong(value);
            long want = Long.parseLong(values.getFirst());
            return op.equals("Gt") ? have > want : have < want;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
