package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Namespaces: {@code status.phase}; cluster-scoped, so no {@code metadata.namespace}. Stateless. */
public final class NamespaceFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("status.phase", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode namespace) {
        return Map.of("status.phase", Values.str(namespace, "status.phase"));
    }
}
