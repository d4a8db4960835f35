package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Stateful sets: NAME READY AGE, wide CONTAINERS IMAGES. Stateless, thread-safe. */
public final class StatefulSetTable implements TableConvertor<StatefulSet> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Ready", "string", "Ready replicas out of those asked for."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(StatefulSet s, Instant now) {
        StatefulSetSpec spec = s.getSpec() == null ? new StatefulSetSpec() : s.getSpec();
        Cells.ContainerCells c = Cells.containers(spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? null : spec.getTemplate().getSpec().getContainers());
        long ready = Cells.num(s.getStatus() == null ? null : s.getStatus().getReadyReplicas());
        return List.of(Cells.name(s), ready + "/" + Cells.num(spec.getReplicas()), Cells.age(s, now),
                c.names(), c.images());
    }
}
