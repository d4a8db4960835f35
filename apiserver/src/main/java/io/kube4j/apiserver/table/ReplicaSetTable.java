package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Replica sets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. Stateless. */
public final class ReplicaSetTable implements TableConvertor<ReplicaSet> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Desired", "integer", "The number of replicas asked for."),
            Column.of("Current", "integer", "The number of replicas that exist."),
            Column.of("Ready", "integer", "The number of replicas that are ready."),
            Cells.AGE, Cells.CONTAINERS, Cells.IMAGES, Cells.SELECTOR);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ReplicaSet rs, Instant now) {
        ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
        var status = rs.getStatus();
        Cells.ContainerCells c = Cells.containers(spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? null : spec.getTemplate().getSpec().getContainers());
        return List.of(Cells.name(rs), Cells.num(spec.getReplicas()),
                Cells.num(status == null ? null : status.getReplicas()),
                Cells.num(status == null ? null : status.getReadyReplicas()), Cells.age(rs, now),
                c.names(), c.images(), Cells.selector(spec.getSelector()));
    }
}
