package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * Claims: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide
 * VOLUMEMODE; capacity and modes come from the status once bound to a volume. Stateless.
 */
public final class PersistentVolumeClaimTable implements TableConvertor<PersistentVolumeClaim> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Status", "string", "The phase of the claim."),
            Column.of("Volume", "string", "The volume bound to the claim."),
            Column.of("Capacity", "string", "The capacity of the bound volume."),
            Column.of("Access Modes", "string", "How the bound volume can be mounted."),
            Column.of("StorageClass", "string", "StorageClass of the pvc"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
            Cells.AGE,
            Column.wide("VolumeMode", "string", "Filesystem or Block."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(PersistentVolumeClaim pvc, Instant now) {
        PersistentVolumeClaimSpec spec = pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec();
        PersistentVolumeClaimStatus st = pvc.getStatus() == null ? new PersistentVolumeClaimStatus() : pvc.getStatus();
        String phase = Storage.deleting(pvc) ? "Terminating" : Cells.str(st.getPhase());
        String capacity = "";
        String modes = "";
        if (!Cells.str(spec.getVolumeName()).isEmpty()) {
            modes = Storage.accessModes(st.getAccessModes());
            capacity = Storage.storage(st.getCapacity());
        }
        return List.of(Cells.name(pvc), phase, Cells.str(spec.getVolumeName()), capacity, modes,
                Storage.storageClass(pvc, spec.getStorageClassName()),
                spec.getVolumeAttributesClassName() == null ? "<unset>" : spec.getVolumeAttributesClassName(),
                Cells.age(pvc, now), spec.getVolumeMode() == null ? "<unset>" : spec.getVolumeMode());
    }
}
