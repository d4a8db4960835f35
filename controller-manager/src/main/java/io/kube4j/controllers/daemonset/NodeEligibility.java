package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Whether a DaemonSet's pod belongs on a node (upstream's NodeShouldRunDaemonPod): the template's
 * nodeName, nodeSelector and required node affinity must admit the node, and every NoSchedule or
 * NoExecute taint must be tolerated by the daemon pod (template tolerations plus the defaults of
 * {@link DaemonPods#withDefaultTolerations}). A pod already on a node may keep running there
 * despite untolerated NoSchedule taints, but not untolerated NoExecute ones. Stateless.
 *
 * @param shouldRun a daemon pod should be created on the node
 * @param shouldContinueRunning a daemon pod already there may stay
 */
public record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static final NodeEligibility NONE = new NodeEligibility(false, false);

    /** The eligibility of {@code node} for a daemon pod with {@code spec} (defaults tolerations already added). */
    public static NodeEligibility of(Node node, PodSpec spec) {
        String name = node.getMetadata().getName();
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty() && !spec.getNodeName().equals(name)) {
            return NONE;
        }
        if (!fitsNodeSelector(spec.getNodeSelector(), node) || !fitsRequiredAffinity(spec, node)) {
            return NONE;
        }
        List<Toleration> tolerations = spec.getTolerations() == null ? List.of() : spec.getTolerations();
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        boolean fits = true;
        boolean mayStay = true;
        for (Taint t : taints) {
            boolean blocking = "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect());
            if (!blocking || tolerated(t, tolerations)) {
                continue;
            }
            fits = false;
            if ("NoExecute".equals(t.getEffect())) {
                mayStay = false;
            }
        }
        return fits ? new NodeEligibility(true, true) : new NodeEligibility(false, mayStay);
    }

    static boolean fitsNodeSelector(Map<String, String> selector, Node node) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static boolean fitsRequiredAffinity(PodSpec spec, Node node) {
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return true;
        }
        NodeSelector required = spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required == null) {
            return true;
        }
        // Terms are ORed; a term with no requirements matches nothing, as upstream's nodeaffinity.
        for (NodeSelectorTerm term : required.getNodeSelectorTerms() == null ? List.<NodeSelectorTerm>of() : required.getNodeSelectorTerms()) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> exprs = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        for (NodeSelectorRequirement r : exprs) {
            if (!requirementMatches(r, labels)) {
                return false;
            }
        }
        Map<String, String> nodeFields = Map.of("metadata.name", node.getMetadata().getName());
        for (NodeSelectorRequirement r : fields) {
            if (!nodeFields.containsKey(r.getKey()) || !("In".equals(r.getOperator()) || "NotIn".equals(r.getOperator()))
                    || !requirementMatches(r, nodeFields)) {
                return false;
            }
        }
        return true;
    }

    static boolean requirementMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        String v = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator() == null ? "" : r.getOperator()) {
            case "In" -> v != null && values.contains(v);
            case "NotIn" -> v == null || !values.contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            case "Gt", "Lt" -> v != null && values.size() == 1 && compare(v, values.getFirst(), r.getOperator());
            default -> false;
        };
    }

    private static boolean compare(String label, String bound, String op) {
        try {
            long l = Long.parseLong(label);
            long b = Long.parseLong(bound);
            return "Gt".equals(op) ? l > b : l < b;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether one of {@code tolerations} tolerates {@code taint} (upstream's ToleratesTaint). */
    static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (Toleration t : tolerations) {
            if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
                continue;
            }
            String key = t.getKey() == null ? "" : t.getKey();
            String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
            if (key.isEmpty()) {
                if ("Exists".equals(op)) {
                    return true;
                }
                continue;
            }
            if (!key.equals(taint.getKey())) {
                continue;
            }
            if ("Exists".equals(op)) {
                return true;
            }
            String value = t.getValue() == null ? "" : t.getValue();
            if ("Equal".equals(op) && value.equals(taint.getValue() == null ? "" : taint.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }
}
