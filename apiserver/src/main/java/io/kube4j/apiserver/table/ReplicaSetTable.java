package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Replica sets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. Stateless. */
public final class ReplicaSetTable implements TableConvertor<ReplicaSet> {

    /** The columns of replica sets and replication controllers alike. */
    static final List<Column> COLUMNS = List.of(Cells.NAME,
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
        return row(rs, spec.getReplicas(), status == null ? null : status.getReplicas(),
                status == null ? null : status.getReadyReplicas(), spec.getTemplate(),
                Cells.selector(spec.getSelector()), now);
    }

    /** One row of {@link #COLUMNS}, for a replica set or a replication controller. */
    static List<Object> row(HasMetadata owner, Integer desired, Integer current, Integer ready,
            PodTemplateSpec template, String selector, Instant now) {
        Cells.ContainerCells c = Cells.containers(template == null || template.getSpec() == null
                ? null : template.getSpec().getContainers());
        return List.of(Cells.name(owner), Cells.num(desired), Cells.num(current), Cells.num(ready),
                Cells.age(owner, now), c.names(), c.images(), selector);
    }
}
