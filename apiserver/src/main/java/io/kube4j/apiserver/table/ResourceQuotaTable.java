package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resource quotas: NAME REQUEST LIMIT AGE; each hard limit as {@code name: used/hard}, sorted by
 * name, those named {@code limits.*} under LIMIT and the rest under REQUEST. Stateless.
 */
public final class ResourceQuotaTable implements TableConvertor<ResourceQuota> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Request", "string", "Used and hard amounts of the quota's request resources."),
            Column.of("Limit", "string", "Used and hard amounts of the quota's limits.* resources."),
            Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ResourceQuota q, Instant now) {
        Map<String, Quantity> hard = q.getStatus() == null || q.getStatus().getHard() == null
                ? Map.of() : q.getStatus().getHard();
        Map<String, Quantity> used = q.getStatus() == null || q.getStatus().getUsed() == null
                ? Map.of() : q.getStatus().getUsed();
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        new TreeMap<>(hard).forEach((name, h) -> {
            String cell = name + ": " + Storage.quantity(used.get(name)) + "/" + Storage.quantity(h);
            String[] pieces = name.split("\\.", -1);
            (pieces.length > 1 && pieces[0].equals("limits") ? limits : requests).add(cell);
        });
        return List.of(Cells.name(q), String.join(", ", requests), String.join(", ", limits), Cells.age(q, now));
    }
}
