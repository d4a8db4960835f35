package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.NameRules;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PersistentVolumes, as upstream's strategy and {@code ValidatePersistentVolume}: status Pending on
 * create; reclaim policy Retain and volume mode Filesystem by default; access modes and a storage
 * capacity required; exactly one volume source; the source and volume mode immutable. Stateless,
 * thread-safe.
 */
public final class PersistentVolumeStrategy implements ResourceStrategy<PersistentVolume> {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
            "ReadWriteOncePod");
    static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    private static final List<String> RECLAIM = List.of("Delete", "Recycle", "Retain");
    private static final List<String> PHASES = List.of("Available", "Bound", "Failed", "Pending", "Released");

    @Override
    public void prepareForCreate(PersistentVolume pv) {
        PersistentVolumeStatus status = new PersistentVolumeStatus();
        status.setPhase("Pending");
        status.setLastPhaseTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        pv.setStatus(status);
    }

    @Override
    public void prepareForUpdate(PersistentVolume pv, PersistentVolume old) {
        pv.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(PersistentVolume pv) {
        if (pv.getSpec() == null) {
            pv.setSpec(new PersistentVolumeSpec());
        }
        if (blank(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
            pv.getSpec().setPersistentVolumeReclaimPolicy("Retain");
        }
        if (blank(pv.getSpec().getVolumeMode())) {
            pv.getSpec().setVolumeMode("Filesystem");
        }
        if (pv.getStatus() != null && blank(pv.getStatus().getPhase())) {
            pv.getStatus().setPhase("Pending");
        }
    }

    @Override
    public List<FieldError> validate(PersistentVolume pv) {
        List<FieldError> errs = new ArrayList<>();
        PersistentVolumeSpec s = pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec();
        accessModes(errs, "spec.accessModes", s.getAccessModes());
        Map<String, Quantity> capacity = s.getCapacity() == null ? Map.of() : s.getCapacity();
        if (capacity.isEmpty()) {
            errs.add(FieldError.required("spec.capacity", ""));
        } else if (!capacity.containsKey("storage") || capacity.size() > 1) {
            errs.add(FieldError.notSupported("spec.capacity", String.join(",", capacity.keySet()), List.of("storage")));
        } else {
            positive(errs, "spec.capacity[storage]", capacity.get("storage"));
        }
        List<String> sources = PersistentVolumeSources.present(s);
        if (sources.isEmpty()) {
            errs.add(FieldError.required("spec", "must specify a volume type"));
        } else if (sources.size() > 1) {
            errs.add(FieldError.forbidden("spec." + sources.get(1), "may not specify more than 1 volume type"));
        }
        if (s.getHostPath() != null && blank(s.getHostPath().getPath())) {
            errs.add(FieldError.required("spec.hostPath.path", ""));
        }
        if (s.getLocal() != null && blank(s.getLocal().getPath())) {
            errs.add(FieldError.required("spec.local.path", ""));
        }
        if (s.getPersistentVolumeReclaimPolicy() != null) {
            FieldChecks.oneOf(errs, "spec.persistentVolumeReclaimPolicy", s.getPersistentVolumeReclaimPolicy(), RECLAIM);
        }
        if (s.getVolumeMode() != null) {
            FieldChecks.oneOf(errs, "spec.volumeMode", s.getVolumeMode(), VOLUME_MODES);
        }
        if (!blank(s.getStorageClassName())) {
            FieldChecks.each(errs, "spec.storageClassName", s.getStorageClassName(), NameRules::isDns1123Subdomain);
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(PersistentVolume pv, PersistentVolume old) {
        List<FieldError> errs = new ArrayList<>(validate(pv));
        PersistentVolumeSpec s = pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec();
        PersistentVolumeSpec was = old.getSpec() == null ? new PersistentVolumeSpec() : old.getSpec();
        if (!PersistentVolumeSources.sameSource(s, was)) {
            errs.add(FieldError.forbidden("spec.persistentvolumesource",
                    "spec.persistentvolumesource is immutable after creation"));
        }
        FieldChecks.immutable(errs, "volumeMode", s.getVolumeMode(), was.getVolumeMode());
        if (was.getNodeAffinity() != null) {
            FieldChecks.immutable(errs, "nodeAffinity", s.getNodeAffinity(), was.getNodeAffinity());
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(PersistentVolume pv, PersistentVolume old) {
        pv.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(pv, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(PersistentVolume pv, PersistentVolume old) {
        List<FieldError> errs = new ArrayList<>();
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        if (phase != null && !phase.isEmpty() && !PHASES.contains(phase)) {
            errs.add(FieldError.notSupported("status.phase", phase, PHASES));
        }
        return errs;
    }

    static void accessModes(List<FieldError> errs, String p, List<String> modes) {
        if (modes == null || modes.isEmpty()) {
            errs.add(FieldError.required(p, ""));
            return;
        }
        for (String m : modes) {
            if (!ACCESS_MODES.contains(m)) {
                errs.add(FieldError.notSupported(p, m, ACCESS_MODES));
            }
        }
        if (modes.contains("ReadWriteOncePod") && modes.size() > 1) {
            errs.add(FieldError.forbidden(p, "may not use ReadWriteOncePod with other access modes"));
        }
    }

    static void positive(List<FieldError> errs, String p, Quantity q) {
        BigDecimal v = FieldChecks.amount(q);
        if (v == null || v.signum() <= 0) {
            errs.add(FieldError.invalid(p, FieldChecks.text(q), "must be greater than zero"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
