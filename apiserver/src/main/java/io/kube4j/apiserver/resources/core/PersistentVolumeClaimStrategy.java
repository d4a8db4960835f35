package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PersistentVolumeClaims, as upstream's strategy and {@code ValidatePersistentVolumeClaim}: status
 * Pending on create, volume mode Filesystem by default; access modes and a positive storage request
 * required; after creation the spec may only change its resource requests and
 * volumeAttributesClassName (and volumeName from empty). Stateless, thread-safe.
 */
public final class PersistentVolumeClaimStrategy implements ResourceStrategy<PersistentVolumeClaim> {

    @Override
    public void prepareForCreate(PersistentVolumeClaim pvc) {
        PersistentVolumeClaimStatus status = new PersistentVolumeClaimStatus();
        status.setPhase("Pending");
        pvc.setStatus(status);
    }

    @Override
    public void prepareForUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old) {
        pvc.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(PersistentVolumeClaim pvc) {
        if (pvc.getSpec() == null) {
            pvc.setSpec(new PersistentVolumeClaimSpec());
        }
        if (pvc.getSpec().getVolumeMode() == null || pvc.getSpec().getVolumeMode().isEmpty()) {
            pvc.getSpec().setVolumeMode("Filesystem");
        }
        if (pvc.getStatus() != null && (pvc.getStatus().getPhase() == null || pvc.getStatus().getPhase().isEmpty())) {
            pvc.getStatus().setPhase("Pending");
        }
    }

    @Override
    public List<FieldError> validate(PersistentVolumeClaim pvc) {
        List<FieldError> errs = new ArrayList<>();
        PersistentVolumeClaimSpec s = pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec();
        PersistentVolumeStrategy.accessModes(errs, "spec.accessModes", s.getAccessModes());
        FieldChecks.labels(errs, "spec.selector.matchLabels", s.getSelector() == null ? null : s.getSelector().getMatchLabels());
        Map<String, Quantity> requests = s.getResources() == null || s.getResources().getRequests() == null
                ? Map.of() : s.getResources().getRequests();
        Quantity storage = requests.get("storage");
        if (storage == null) {
            errs.add(FieldError.required("spec.resources[storage]", ""));
        } else {
            PersistentVolumeStrategy.positive(errs, "spec.resources[storage]", storage);
        }
        if (s.getVolumeMode() != null) {
            FieldChecks.oneOf(errs, "spec.volumeMode", s.getVolumeMode(), PersistentVolumeStrategy.VOLUME_MODES);
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old) {
        List<FieldError> errs = new ArrayList<>(validate(pvc));
        PersistentVolumeClaimSpec now = Copies.deep(pvc.getSpec() == null ? new PersistentVolumeClaimSpec() : pvc.getSpec());
        PersistentVolumeClaimSpec was = Copies.deep(old.getSpec() == null ? new PersistentVolumeClaimSpec() : old.getSpec());
        if (was.getVolumeName() == null || was.getVolumeName().isEmpty()) {
            was.setVolumeName(now.getVolumeName());
        }
        // the fields that may change are compared as equal
        if (now.getResources() != null && was.getResources() != null) {
            now.getResources().setRequests(was.getResources().getRequests());
        }
        now.setVolumeAttributesClassName(was.getVolumeAttributesClassName());
        if (!now.equals(was)) {
            errs.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests "
                    + "and volumeAttributesClassName for bound claims"));
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(PersistentVolumeClaim pvc, PersistentVolumeClaim old) {
        pvc.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(pvc, old);
    }
}
