package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * {@code events.k8s.io/v1} events, printed as upstream prints them after converting to its
 * internal event: regarding is the object, note the message, the deprecated fields the old
 * source, times and count. Stateless, thread-safe.
 */
public final class EventsV1EventTable implements TableConvertor<Event> {

    @Override
    public List<Column> columns() {
        return EventView.COLUMNS;
    }

    @Override
    public List<Object> cells(Event e, Instant now) {
        var series = e.getSeries();
        return new EventView(Cells.name(e), e.getType(), e.getReason(), e.getRegarding(), e.getDeprecatedSource(),
                e.getReportingController(), e.getReportingInstance(), e.getNote(), e.getDeprecatedFirstTimestamp(),
                e.getDeprecatedLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getDeprecatedCount(),
                series == null || series.getLastObservedTime() == null ? null : series.getLastObservedTime().getTime(),
                series == null ? null : series.getCount(), series != null).cells(now);
    }
}
