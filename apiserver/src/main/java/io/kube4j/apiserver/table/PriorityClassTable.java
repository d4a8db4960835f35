package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Priority classes: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. Stateless, thread-safe. */
public final class PriorityClassTable implements TableConvertor<PriorityClass> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Value", "integer", "The priority pods of this class get."),
            Column.of("Global-Default", "boolean", "Whether pods without a class get this one."),
            Cells.AGE,
            Column.of("PreemptionPolicy", "string", "Whether pods of this class may preempt others."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(PriorityClass pc, Instant now) {
        return List.of(Cells.name(pc), Cells.num(pc.getValue()), Boolean.TRUE.equals(pc.getGlobalDefault()),
                Cells.age(pc, now), Cells.str(pc.getPreemptionPolicy()));
    }
}
