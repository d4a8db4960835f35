package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Map;
import java.util.Set;

/** Nodes: {@code spec.unschedulable} as {@code true}/{@code false}. Stateless, thread-safe. */
public final class NodeFields implements SelectableFields<Node> {

    private static final Set<String> LABELS = Set.of("metadata.name", "spec.unschedulable");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Node node) {
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        return Map.of("spec.unschedulable", String.valueOf(unschedulable));
    }
}
