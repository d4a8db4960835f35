package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Nodes: {@code spec.unschedulable} as {@code true}/{@code false}. Stateless, thread-safe. */
public final class NodeFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("metadata.name", "spec.unschedulable");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode node) {
        return Map.of("spec.unschedulable", Values.bool(node, "spec.unschedulable"));
    }
}
