package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * persistentVolumeClaim: the claim's bound PersistentVolume, when it is a hostPath (type-checked
 * as a hostPath volume) or a local volume (its path must exist); other volume types are refused.
 * Stateless.
 */
final class PersistentVolumeClaimVolume {

    private PersistentVolumeClaimVolume() {}

    static HostVolume setUp(VolumeContext ctx, PersistentVolumeClaimVolumeSource source) throws SetUpFailure {
        String claimName = source.getClaimName();
        PersistentVolumeClaim claim = ctx.read(() -> ctx.source().persistentVolumeClaim(ctx.namespace(), claimName));
        if (claim == null) {
            throw new SetUpFailure("persistentvolumeclaim \"" + claimName + "\" not found");
        }
        String phase = claim.getStatus() == null ? "" : claim.getStatus().getPhase();
        String pvName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
        if (!"Bound".equals(phase) || pvName == null || pvName.isEmpty()) {
            throw new SetUpFailure("PVC %s/%s has non-bound phase (\"%s\") or empty pvc.Spec.VolumeName (\"%s\")"
                    .formatted(ctx.namespace(), claimName, phase == null ? "" : phase, pvName == null ? "" : pvName));
        }
        PersistentVolume pv = ctx.read(() -> ctx.source().persistentVolume(pvName));
        if (pv == null) {
            throw new SetUpFailure("persistentvolume \"" + pvName + "\" not found");
        }
        boolean readOnly = Boolean.TRUE.equals(source.getReadOnly());
        if (pv.getSpec().getHostPath() != null) {
            Path path = Path.of(pv.getSpec().getHostPath().getPath());
            HostPathVolume.check(path, pv.getSpec().getHostPath().getType());
            return new HostVolume(path, readOnly);
        }
        if (pv.getSpec().getLocal() != null) {
            Path path = Path.of(pv.getSpec().getLocal().getPath());
            if (!Files.exists(path)) {
                throw new SetUpFailure("local volume path " + path + " of persistent volume \"" + pvName + "\" does not exist");
            }
            return new HostVolume(path, readOnly);
        }
        throw new SetUpFailure("persistent volume \"" + pvName
                + "\" is of a type this kubelet cannot mount (only hostPath and local volumes are supported)");
    }
}
