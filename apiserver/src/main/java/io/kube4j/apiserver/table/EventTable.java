package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Event;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Core events: see {@link EventView} for the columns. Stateless, thread-safe. */
public final class EventTable implements TableConvertor<Event> {

    @Override
    public List<Column> columns() {
        return EventView.COLUMNS;
    }

    @Override
    public List<Object> cells(Event e, Instant now) {
        var series = e.getSeries();
        return new EventView(Cells.name(e), e.getType(), e.getReason(), e.getInvolvedObject(), e.getSource(),
                e.getReportingComponent(), e.getReportingInstance(), e.getMessage(), e.getFirstTimestamp(),
                e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(), e.getCount(),
                series == null || series.getLastObservedTime() == null ? null : series.getLastObservedTime().getTime(),
                series == null ? null : series.getCount(), series != null).cells(now);
    }
}
