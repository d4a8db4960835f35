package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** RCs: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. Stateless, thread-safe. */
public final class ReplicationControllerTable implements TableConvertor<ReplicationController> {

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
    public List<Object> cells(ReplicationController rc, Instant now) {
        ReplicationControllerSpec spec = rc.getSpec() == null ? new ReplicationControllerSpec() : rc.getSpec();
        var status = rc.getStatus();
        Cells.ContainerCells c = Cells.containers(spec.getTemplate() == null || spec.getTemplate().getSpec() == null
                ? null : spec.getTemplate().getSpec().getContainers());
        return List.of(Cells.name(rc), Cells.num(spec.getReplicas()),
                Cells.num(status == null ? null : status.getReplicas()),
                Cells.num(status == null ? null : status.getReadyReplicas()), Cells.age(rc, now),
                c.names(), c.images(), Cells.labels(spec.getSelector()));
    }
}
