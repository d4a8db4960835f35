package io.kube4j.apiserver.fields;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code events.k8s.io/v1} events, under the names that API version gives them upstream
 * ({@code regarding.*}, {@code reportingController}); upstream maps these onto the core event's
 * fields, and the values here are the same ones. Stateless, thread-safe.
 */
public final class EventsV1Fields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("reason", "regarding.kind", "regarding.namespace",
            "regarding.name", "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion",
            "regarding.fieldPath", "reportingController", "type", "metadata.namespace", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode event) {
        Map<String, String> f = new HashMap<>();
        for (String ref : EventFields.REFERENCE_FIELDS) {
            f.put("regarding." + ref, Values.str(event, "regarding." + ref));
        }
        f.put("reason", Values.str(event, "reason"));
        f.put("reportingController", Values.str(event, "reportingController"));
        f.put("type", Values.str(event, "type"));
        return f;
    }
}
