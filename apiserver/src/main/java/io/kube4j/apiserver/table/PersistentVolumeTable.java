package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/**
 * Persistent volumes: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
 * VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE. Stateless, thread-safe.
 */
public final class PersistentVolumeTable implements TableConvertor<PersistentVolume> {

    private static final List<Column> COLUMNS = List.of(Cells.NAME,
            Column.of("Capacity", "string", "The volume's storage capacity."),
            Column.of("Access Modes", "string", "How the volume can be mounted."),
            Column.of("Reclaim Policy", "string", "What happens to the volume when its claim goes."),
            Column.of("Status", "string", "The phase of the volume."),
            Column.of("Claim", "string", "The claim bound to the volume."),
            Column.of("StorageClass", "string", "StorageClass of the pv"),
            Column.of("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
            Column.of("Reason", "string", "Why the volume is in its phase."),
            Cells.AGE,
            Column.wide("VolumeMode", "string", "Filesystem or Block."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(PersistentVolume pv, Instant now) {
        PersistentVolumeSpec spec = pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec();
        String claim = spec.getClaimRef() == null ? ""
                : Cells.str(spec.getClaimRef().getNamespace()) + "/" + Cells.str(spec.getClaimRef().getName());
        String phase = Storage.deleting(pv) ? "Terminating"
                : pv.getStatus() == null ? "" : Cells.str(pv.getStatus().getPhase());
        return List.of(Cells.name(pv), Storage.storage(spec.getCapacity()), Storage.accessModes(spec.getAccessModes()),
                Cells.str(spec.getPersistentVolumeReclaimPolicy()), phase, claim,
                Storage.storageClass(pv, spec.getStorageClassName()),
                spec.getVolumeAttributesClassName() == null ? "<unset>" : spec.getVolumeAttributesClassName(),
                pv.getStatus() == null ? "" : Cells.str(pv.getStatus().getReason()), Cells.age(pv, now),
                spec.getVolumeMode() == null ? "<unset>" : spec.getVolumeMode());
    }
}
