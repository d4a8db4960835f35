package io.kube4j.apiserver.conversion;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code events.k8s.io/v1} Events stored as core {@code v1} Events, field for field as upstream
 * converts them: {@code regarding} is {@code involvedObject}, {@code note} is {@code message},
 * {@code reportingController} is {@code reportingComponent}, and the {@code deprecated*} fields
 * are the core event's {@code source}, {@code firstTimestamp}, {@code lastTimestamp} and
 * {@code count}; the other fields share their names. Stateless; thread-safe.
 */
final class EventsV1Form implements StorageForm {

    /** events.k8s.io/v1 name, core/v1 name. */
    private static final List<String[]> RENAMED = List.of(
            new String[] {"regarding", "involvedObject"},
            new String[] {"note", "message"},
            new String[] {"reportingController", "reportingComponent"},
            new String[] {"deprecatedSource", "source"},
            new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
            new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
            new String[] {"deprecatedCount", "count"});

    @Override
    public ObjectNode toStorage(ObjectNode served) {
        return convert(served, "v1", 0, 1);
    }

    @Override
    public ObjectNode fromStorage(ObjectNode stored) {
        return convert(stored, "events.k8s.io/v1", 1, 0);
    }

    private static ObjectNode convert(ObjectNode in, String apiVersion, int from, int to) {
        ObjectNode out = in.deepCopy();
        if (out.has("apiVersion")) {
            out.put("apiVersion", apiVersion);
        }
        for (String[] names : RENAMED) {
            JsonNode value = out.remove(names[from]);
            // a field only the other form has (stored by an older writer) must not survive as unknown
            out.remove(names[to]);
            if (value != null) {
                out.set(names[to], value);
            }
        }
        return out;
    }
}
