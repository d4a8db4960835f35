package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Service accounts: NAME SECRETS AGE. Stateless, thread-safe. */
public final class ServiceAccountTable implements TableConvertor<ServiceAccount> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Secrets", "string", "How many secrets the account lists."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ServiceAccount sa, Instant now) {
        return List.of(Cells.name(sa), (long) (sa.getSecrets() == null ? 0 : sa.getSecrets().size()),
                Cells.age(sa, now));
    }
}
