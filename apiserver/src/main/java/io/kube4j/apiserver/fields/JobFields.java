package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Jobs: {@code status.successful}, the count of succeeded pods. Stateless, thread-safe. */
public final class JobFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("metadata.name", "metadata.namespace", "status.successful");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode job) {
        return Map.of("status.successful", Values.num(job, "status.succeeded"));
    }
}
