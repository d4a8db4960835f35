package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Config maps: NAME DATA (text and binary keys together) AGE. Stateless, thread-safe. */
public final class ConfigMapTable implements TableConvertor<ConfigMap> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Data", "string", "How many keys the config map holds."), Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ConfigMap cm, Instant now) {
        long keys = (cm.getData() == null ? 0 : cm.getData().size())
                + (cm.getBinaryData() == null ? 0 : cm.getBinaryData().size());
        return List.of(Cells.name(cm), keys, Cells.age(cm, now));
    }
}
