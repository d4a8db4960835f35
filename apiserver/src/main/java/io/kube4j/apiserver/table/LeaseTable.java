package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Leases: NAME HOLDER AGE. Stateless, thread-safe. */
public final class LeaseTable implements TableConvertor<Lease> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Holder", "string", "The identity of the current holder of the lease."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Lease lease, Instant now) {
        return List.of(Cells.name(lease), lease.getSpec() == null ? "" : Cells.str(lease.getSpec().getHolderIdentity()),
                Cells.age(lease, now));
    }
}
