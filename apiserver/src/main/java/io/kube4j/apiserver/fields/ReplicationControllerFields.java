package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Replication controllers: {@code status.replicas}. Stateless, thread-safe. */
public final class ReplicationControllerFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "status.replicas");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode rc) {
        return Map.of("status.replicas", Values.num(rc, "status.replicas"));
    }
}
