package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code events.k8s.io/v1} events, under the names that API version gives them upstream
 * ({@code regarding.*}, {@code reportingController}); upstream maps these onto the core event's
 * fields, and the values here are the same ones. Stateless, thread-safe.
 */
public final class EventsV1Fields implements SelectableFields<Event> {

    private static final Set<String> LABELS = Set.of("reason", "regarding.kind", "regarding.namespace",
            "regarding.name", "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion",
            "regarding.fieldPath", "reportingController", "type", "metadata.namespace", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Event event) {
        ObjectReference ref = event.getRegarding() == null ? new ObjectReference() : event.getRegarding();
        Map<String, String> f = new HashMap<>();
        f.put("regarding.kind", Values.str(ref.getKind()));
        f.put("regarding.namespace", Values.str(ref.getNamespace()));
        f.put("regarding.name", Values.str(ref.getName()));
        f.put("regarding.uid", Values.str(ref.getUid()));
        f.put("regarding.apiVersion", Values.str(ref.getApiVersion()));
        f.put("regarding.resourceVersion", Values.str(ref.getResourceVersion()));
        f.put("regarding.fieldPath", Values.str(ref.getFieldPath()));
        f.put("reason", Values.str(event.getReason()));
        f.put("reportingController", Values.str(event.getReportingController()));
        f.put("type", Values.str(event.getType()));
        return f;
    }
}
