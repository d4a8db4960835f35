package io.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.controllers.machinery.Selectors;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which PersistentVolume a claim may bind to (upstream's findMatchingVolume, checkVolumeSatisfyClaim
 * and the storage helpers): class, access modes (the volume's a superset of the claim's), capacity
 * at least the request, volume mode, the claim's selector, and pre-binding either way. Stateless.
 */
final class VolumeMatching {

    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private VolumeMatching() {
    }

    /** The claim's class: spec.storageClassName, else the beta annotation, else "". */
    static String claimClass(PersistentVolumeClaim claim) {
        String beta = annotation(claim.getMetadata().getAnnotations(), BETA_CLASS_ANNOTATION);
        if (beta != null) {
            return beta;
        }
        return claim.getSpec().getStorageClassName() == null ? "" : claim.getSpec().getStorageClassName();
    }

    /** Whether the claim asks for a class at all (a null spec.storageClassName does not; "" does). */
    static boolean claimHasClass(PersistentVolumeClaim claim) {
        return annotation(claim.getMetadata().getAnnotations(), BETA_CLASS_ANNOTATION) != null
                || claim.getSpec().getStorageClassName() != null;
    }

    static String volumeClass(PersistentVolume volume) {
        String beta = annotation(volume.getMetadata().getAnnotations(), BETA_CLASS_ANNOTATION);
        if (beta != null) {
            return beta;
        }
        return volume.getSpec().getStorageClassName() == null ? "" : volume.getSpec().getStorageClassName();
    }

    /** Upstream's IsVolumeBoundToClaim: the claimRef names the claim, and its uid (if any) is the claim's. */
    static boolean boundToClaim(PersistentVolume volume, PersistentVolumeClaim claim) {
        ObjectReference ref = volume.getSpec().getClaimRef();
        if (ref == null) {
            return false;
        }
        if (!Objects.equals(ref.getName(), claim.getMetadata().getName())
                || !Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())) {
            return false;
        }
        return ref.getUid() == null || ref.getUid().isEmpty() || ref.getUid().equals(claim.getMetadata().getUid());
    }

    static BigDecimal requested(PersistentVolumeClaim claim) {
        var res = claim.getSpec().getResources();
        Quantity q = res == null || res.getRequests() == null ? null : res.getRequests().get("storage");
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    static BigDecimal capacity(PersistentVolume volume) {
        Quantity q = volume.getSpec().getCapacity() == null ? null : volume.getSpec().getCapacity().get("storage");
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    static boolean volumeModeMismatch(PersistentVolumeClaim claim, PersistentVolume volume) {
        String c = claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode();
        String v = volume.getSpec().getVolumeMode() == null ? "Filesystem" : volume.getSpec().getVolumeMode();
        return !c.equals(v);
    }

    static boolean accessModesFit(PersistentVolumeClaim claim, PersistentVolume volume) {
        List<String> wanted = claim.getSpec().getAccessModes() == null ? List.of() : claim.getSpec().getAccessModes();
        List<String> offered = volume.getSpec().getAccessModes() == null ? List.of() : volume.getSpec().getAccessModes();
        return offered.containsAll(wanted);
    }

    /** Upstream's checkVolumeSatisfyClaim: why the volume cannot serve the claim, or null when it can. */
    static String unsatisfied(PersistentVolume volume, PersistentVolumeClaim claim) {
        if (requested(claim).compareTo(capacity(volume)) > 0) {
            return "requested PV is too small";
        }
        if (!claimClass(claim).equals(volumeClass(volume))) {
            return "storageClassName does not match";
        }
        if (volumeModeMismatch(claim, volume)) {
            return "incompatible volumeMode";
        }
        if (!accessModesFit(claim, volume)) {
            return "incompatible accessMode";
        }
        return null;
    }

    /**
     * Upstream's findBestMatchForClaim: a volume pre-bound to the claim if there is one, else the
     * smallest Available volume that fits; with {@code delayBinding} only pre-bound volumes count
     * (the scheduler binds the others). Null when none fits.
     */
    static PersistentVolume bestMatch(PersistentVolumeClaim claim, List<PersistentVolume> volumes, boolean delayBinding) {
        BigDecimal requested = requested(claim);
        String wantedClass = claimClass(claim);
        var selector = claim.getSpec().getSelector();
        PersistentVolume smallest = null;
        List<PersistentVolume> ordered = volumes.stream()
                .sorted(Comparator.comparing(v -> v.getMetadata().getName())).toList();
        for (PersistentVolume v : ordered) {
            if (!accessModesFit(claim, v)) {
                continue;
            }
            if (v.getSpec().getClaimRef() != null && !boundToClaim(v, claim)) {
                continue;
            }
            if (capacity(v).compareTo(requested) < 0 || volumeModeMismatch(claim, v)
                    || v.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (boundToClaim(v, claim)) {
                return v;
            }
            if (delayBinding) {
                continue;
            }
            String phase = v.getStatus() == null ? null : v.getStatus().getPhase();
            if (!"Available".equals(phase)) {
                continue;
            }
            if (selector != null && !Selectors.of(selector).test(v.getMetadata().getLabels())) {
                continue;
            }
            if (!volumeClass(v).equals(wantedClass)) {
                continue;
            }
            if (smallest == null || capacity(smallest).compareTo(capacity(v)) > 0) {
                smallest = v;
            }
        }
        return smallest;
    }

    static String annotation(Map<String, String> annotations, String key) {
        return annotations == null ? null : annotations.get(key);
    }
}
