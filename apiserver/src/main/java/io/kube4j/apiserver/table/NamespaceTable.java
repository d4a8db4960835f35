package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Namespace;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Namespaces: NAME STATUS AGE. Stateless, thread-safe. */
public final class NamespaceTable implements TableConvertor<Namespace> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Status", "string", "The phase of the namespace: Active or Terminating."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Namespace ns, Instant now) {
        return List.of(Cells.name(ns), ns.getStatus() == null ? "" : Cells.str(ns.getStatus().getPhase()),
                Cells.age(ns, now));
    }
}
