package io.kube4j.apiserver.fields;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Core events: the involved object's coordinates, reason, reporting component, source and type.
 * {@code source} falls back to the reporting controller when the old source is unset, as
 * upstream. Stateless, thread-safe.
 */
public final class EventFields implements SelectableFields {

    private static final Set<String> LABELS = Set.of("involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
            "source", "type", "metadata.namespace", "metadata.name");

    /** The object-reference fields a selector may name under {@code involvedObject.} (or {@code regarding.}). */
    static final List<String> REFERENCE_FIELDS = List.of("kind", "namespace", "name", "uid",
            "apiVersion", "resourceVersion", "fieldPath");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(JsonNode event) {
        String source = Values.str(event, "source.component");
        if (source.isEmpty()) {
            source = Values.str(event, "reportingComponent");
        }
        Map<String, String> f = new HashMap<>();
        for (String ref : REFERENCE_FIELDS) {
            f.put("involvedObject." + ref, Values.str(event, "involvedObject." + ref));
        }
        f.put("reason", Values.str(event, "reason"));
        f.put("reportingComponent", Values.str(event, "reportingComponent"));
        f.put("source", source);
        f.put("type", Values.str(event, "type"));
        return f;
    }
}
