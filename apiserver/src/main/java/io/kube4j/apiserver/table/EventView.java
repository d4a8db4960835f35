package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.kube4j.apiserver.registry.TableConvertor.Column;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The fields an event row is built from, in upstream's internal shape, so that core and
 * {@code events.k8s.io} events print alike: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT
 * SOURCE FIRST SEEN COUNT NAME. Times fall back as upstream's printer does: first seen to the
 * event time, last seen to first seen, and a series overrides both last seen and count.
 */
record EventView(String name, String type, String reason, ObjectReference involved, EventSource source,
        String reportingController, String reportingInstance, String message, String firstTimestamp,
        String lastTimestamp, String eventTime, Integer count, String seriesLastObserved, Integer seriesCount,
        boolean hasSeries) {

    static final List<Column> COLUMNS = List.of(
            Column.of("Last Seen", "string", "Time since the event was last seen."),
            Column.of("Type", "string", "Normal or Warning."),
            Column.of("Reason", "string", "Why the event happened, in one word."),
            Column.of("Object", "string", "The object the event is about."),
            Column.wide("Subobject", "string", "The part of the object the event is about."),
            Column.wide("Source", "string", "The component that reported the event."),
            Column.of("Message", "string", "What happened, for a human."),
            Column.wide("First Seen", "string", "Time since the event was first seen."),
            Column.wide("Count", "string", "How many times the event happened."),
            new Column("Name", "string", "name", "The event's name.", 1));

    List<Object> cells(Instant now) {
        String first = Cells.instant(firstTimestamp) == null ? Cells.since(eventTime, now) : Cells.since(firstTimestamp, now);
        String last = Cells.instant(lastTimestamp) == null ? first : Cells.since(lastTimestamp, now);
        long n = Cells.num(count);
        if (hasSeries) {
            last = Cells.since(seriesLastObserved, now);
            n = Cells.num(seriesCount);
        } else if (n == 0) {
            n = 1; // singleton events of the new API carry no count
        }
        ObjectReference ref = involved == null ? new ObjectReference() : involved;
        String kind = Cells.str(ref.getKind()).toLowerCase(Locale.ROOT);
        String target = Cells.str(ref.getName()).isEmpty() ? kind : kind + "/" + ref.getName();
        return List.of(last, Cells.str(type), Cells.str(reason), target, Cells.str(ref.getFieldPath()), sourceCell(),
                Cells.str(message).strip(), first, n, Cells.str(name));
    }

    /** {@code component, host}, each falling back to the reporting controller and instance. */
    private String sourceCell() {
        String component = source == null ? "" : Cells.str(source.getComponent());
        String host = source == null ? "" : Cells.str(source.getHost());
        if (component.isEmpty()) {
            component = Cells.str(reportingController);
        }
        if (host.isEmpty()) {
            host = Cells.str(reportingInstance);
        }
        return host.isEmpty() ? component : component + ", " + host;
    }
}
