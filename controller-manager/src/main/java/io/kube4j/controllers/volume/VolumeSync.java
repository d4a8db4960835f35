package io.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import java.util.HashMap;
import java.util.Objects;

/**
 * Upstream's syncVolume for one volume: Available when unclaimed or only pre-bound, Bound when its
 * claim names it, Released and reclaimed when its claim is gone, unbound when its claim went to
 * another volume. A one-shot helper of {@link PersistentVolumeBinderController}.
 */
final class VolumeSync {

    private final PersistentVolumeBinderController ctrl;
    private final Api api;
    private final EventRecorder recorder;

    VolumeSync(PersistentVolumeBinderController ctrl, Api api, EventRecorder recorder) {
        this.ctrl = ctrl;
        this.api = api;
        this.recorder = recorder;
    }

    void sync(PersistentVolume volume) {
        ObjectReference ref = volume.getSpec().getClaimRef();
        if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
            ctrl.updateVolumePhase(volume, "Available", null);
            return;
        }
        String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
        boolean settled = "Released".equals(phase) || "Failed".equals(phase);
        PersistentVolumeClaim claim = ctrl.claimOf(ref.getNamespace(), ref.getName(), !settled);
        if (claim != null && !Objects.equals(claim.getMetadata().getUid(), ref.getUid())) {
            // The cache may hold an older claim of that name: ask the server before releasing.
            claim = api.get(PersistentVolumeClaim.class, ref.getNamespace(), ref.getName());
            if (claim != null && !Objects.equals(claim.getMetadata().getUid(), ref.getUid())) {
                claim = null;
            }
        }
        if (claim == null) {
            if (!settled) {
                volume = ctrl.updateVolumePhase(volume, "Released", null);
            }
            reclaim(volume);
            return;
        }
        String claimVolume = claim.getSpec().getVolumeName();
        if (claimVolume == null || claimVolume.isEmpty()) {
            if (VolumeMatching.volumeModeMismatch(claim, volume)) {
                recorder.event(volume, EventRecorder.WARNING, "VolumeMismatch", "Cannot bind PersistentVolume to requested PersistentVolumeClaim \""
                        + claim.getMetadata().getName() + "\" due to incompatible volumeMode.");
                recorder.event(claim, EventRecorder.WARNING, "VolumeMismatch", "Cannot bind PersistentVolume \""
                        + volume.getMetadata().getName() + "\" to requested PersistentVolumeClaim due to incompatible volumeMode.");
                return;
            }
            ctrl.enqueueClaim(claim);
        } else if (claimVolume.equals(volume.getMetadata().getName())) {
            ctrl.updateVolumePhase(volume, "Bound", null);
        } else if (PersistentVolumeBinderController.annotated(volume, PersistentVolumeBinderController.PROVISIONED_BY)
                && "Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            if (!settled) {
                volume = ctrl.updateVolumePhase(volume, "Released", null);
            }
            reclaim(volume);
        } else {
            unbind(volume);
        }
    }

    /** Upstream's unbindVolume: the controller's own binding is undone; a user's pre-binding keeps its claim name. */
    private void unbind(PersistentVolume volume) {
        PersistentVolume v = Serialization.clone(volume);
        if (PersistentVolumeBinderController.annotated(v, PersistentVolumeBinderController.BOUND_BY_CONTROLLER)) {
            v.getSpec().setClaimRef(null);
            var a = new HashMap<>(v.getMetadata().getAnnotations());
            a.remove(PersistentVolumeBinderController.BOUND_BY_CONTROLLER);
            v.getMetadata().setAnnotations(a.isEmpty() ? null : a);
        } else {
            v.getSpec().getClaimRef().setUid(null);
        }
        v = ctrl.newest().wrote(api.update(v));
        ctrl.updateVolumePhase(v, "Available", null);
    }

    /** Upstream's reclaimVolume without volume plugins: Retain keeps, Delete removes the object, Recycle fails. */
    private void reclaim(PersistentVolume volume) {
        String policy = volume.getSpec().getPersistentVolumeReclaimPolicy() == null ? "Retain" : volume.getSpec().getPersistentVolumeReclaimPolicy();
        switch (policy) {
            case "Retain" -> {
            }
            case "Delete" -> {
                if (PersistentVolumeBinderController.annotated(volume, PersistentVolumeBinderController.PROVISIONED_BY)) {
                    return; // its provisioner deletes the storage and then the object
                }
                try {
                    api.delete(PersistentVolume.class, null, volume.getMetadata().getName(), Api.Deletion.uid(volume.getMetadata().getUid()));
                    ctrl.forgetVolume(volume);
                } catch (RuntimeException e) {
                    if (!ApiErrors.notFound(e)) {
                        throw e;
                    }
                }
            }
            case "Recycle" -> failWith(volume, "VolumeFailedRecycle", "No recycler plugin found for the volume!");
            default -> failWith(volume, "VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy");
        }
    }

    private void failWith(PersistentVolume volume, String reason, String message) {
        if (!"Failed".equals(volume.getStatus() == null ? null : volume.getStatus().getPhase())) {
            PersistentVolume v = ctrl.updateVolumePhase(volume, "Failed", message);
            recorder.event(v, EventRecorder.WARNING, reason, message);
        }
    }
}
