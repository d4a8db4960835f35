package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Storage classes: NAME (marked {@code (default)}) PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
 * ALLOWVOLUMEEXPANSION AGE, with upstream's defaults for unset fields. Stateless, thread-safe.
 */
public final class StorageClassTable implements TableConvertor<StorageClass> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Provisioner", "string", "The volume plugin that provisions volumes of this class."),
            Column.of("ReclaimPolicy", "string", "What happens to a released volume."),
            Column.of("VolumeBindingMode", "string", "When volumes are bound and provisioned."),
            Column.of("AllowVolumeExpansion", "string", "Whether volumes of this class may grow."),
            Cells.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(StorageClass sc, Instant now) {
        String name = Cells.name(sc) + (isDefault(sc) ? " (default)" : "");
        return List.of(name, Cells.str(sc.getProvisioner()),
                sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy(),
                sc.getVolumeBindingMode() == null ? "Immediate" : sc.getVolumeBindingMode(),
                Boolean.TRUE.equals(sc.getAllowVolumeExpansion()), Cells.age(sc, now));
    }

    private static boolean isDefault(StorageClass sc) {
        Map<String, String> a = sc.getMetadata() == null ? null : sc.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get("storageclass.kubernetes.io/is-default-class"))
                || "true".equals(a.get("storageclass.beta.kubernetes.io/is-default-class")));
    }
}
