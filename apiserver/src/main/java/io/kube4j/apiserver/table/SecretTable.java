package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Secret;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Secrets: NAME TYPE DATA AGE. Stateless, thread-safe. */
public final class SecretTable implements TableConvertor<Secret> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Type", "string", "The secret's type, e.g. Opaque."),
            Column.of("Data", "string", "How many keys the secret holds."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Secret secret, Instant now) {
        return List.of(Cells.name(secret), Cells.str(secret.getType()),
                (long) (secret.getData() == null ? 0 : secret.getData().size()), Cells.age(secret, now));
    }
}
