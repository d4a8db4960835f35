package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** RCs: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR. Stateless, thread-safe. */
public final class ReplicationControllerTable implements TableConvertor<ReplicationController> {

    @Override
    public List<Column> columns() {
        return ReplicaSetTable.COLUMNS;
    }

    @Override
    public List<Object> cells(ReplicationController rc, Instant now) {
        ReplicationControllerSpec spec = rc.getSpec() == null ? new ReplicationControllerSpec() : rc.getSpec();
        var status = rc.getStatus();
        return ReplicaSetTable.row(rc, spec.getReplicas(), status == null ? null : status.getReplicas(),
                status == null ? null : status.getReadyReplicas(), spec.getTemplate(),
                Cells.labels(spec.getSelector()), now);
    }
}
