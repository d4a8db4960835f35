package io.kube4j.apiserver.fields;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Core events: the involved object's coordinates, reason, reporting component, source and type.
 * {@code source} falls back to the reporting controller when the old source is unset, as
 * upstream. Stateless, thread-safe.
 */
public final class EventFields implements SelectableFields<Event> {

    private static final Set<String> LABELS = Set.of("involvedObject.kind", "involvedObject.namespace",
            "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent",
            "source", "type", "metadata.namespace", "metadata.name");

    @Override
    public Set<String> labels() {
        return LABELS;
    }

    @Override
    public Map<String, String> fields(Event event) {
        ObjectReference ref = event.getInvolvedObject() == null ? new ObjectReference() : event.getInvolvedObject();
        String source = event.getSource() == null ? "" : Values.str(event.getSource().getComponent());
        if (source.isEmpty()) {
            source = Values.str(event.getReportingComponent());
        }
        Map<String, String> f = new HashMap<>();
        f.put("involvedObject.kind", Values.str(ref.getKind()));
        f.put("involvedObject.namespace", Values.str(ref.getNamespace()));
        f.put("involvedObject.name", Values.str(ref.getName()));
        f.put("involvedObject.uid", Values.str(ref.getUid()));
        f.put("involvedObject.apiVersion", Values.str(ref.getApiVersion()));
        f.put("involvedObject.resourceVersion", Values.str(ref.getResourceVersion()));
        f.put("involvedObject.fieldPath", Values.str(ref.getFieldPath()));
        f.put("reason", Values.str(event.getReason()));
        f.put("reportingComponent", Values.str(event.getReportingComponent()));
        f.put("source", source);
        f.put("type", Values.str(event.getType()));
        return f;
    }
}
