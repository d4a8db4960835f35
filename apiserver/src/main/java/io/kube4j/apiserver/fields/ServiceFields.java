package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Services: {@code spec.clusterIP} and {@code spec.type}. Stateless, thread-safe. */
public final class ServiceFields implements SelectableFields {

    private static final Set<String> LABELS =
            Set.of("metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode service) {
        return Map.of("spec.clusterIP", Values.str(service, "spec.clusterIP"),
                "spec.type", Values.str(service, "spec.type"));
    }
}
