package io.kube4j.apiserver.fields;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Secrets: {@code type}. Stateless, thread-safe. */
public final class SecretFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("type", "metadata.namespace", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode secret) {
        return Map.of("type", Values.str(secret, "type"));
    }
}
