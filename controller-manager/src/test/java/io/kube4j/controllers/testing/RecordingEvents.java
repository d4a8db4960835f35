package io.kube4j.controllers.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kube4j.controllers.machinery.EventRecorder;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventRecorder} that keeps every event, for unit tests. Thread-safe. */
public final class RecordingEvents implements EventRecorder {

    /** One event as recorded. */
    public record Recorded(String kind, String namespace, String name, String type, String reason, String message) {
    }

    private final List<Recorded> events = new ArrayList<>();

    @Override
    public synchronized void event(HasMetadata regarding, String type, String reason, String message) {
        events.add(new Recorded(HasMetadata.getKind(regarding.getClass()), regarding.getMetadata().getNamespace(),
                regarding.getMetadata().getName(), type, reason, message));
    }

    public synchronized List<Recorded> all() {
        return List.copyOf(events);
    }

    /** The reasons recorded, in order. */
    public synchronized List<String> reasons() {
        return events.stream().map(Recorded::reason).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
