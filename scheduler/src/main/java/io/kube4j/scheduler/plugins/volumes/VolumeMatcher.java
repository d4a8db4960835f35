package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.scheduler.plugins.LabelSelection;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses a static volume for an unbound claim on one node, and decides whether the claim's class
 * can provision one there instead (upstream's FindMatchingVolume and provisioning check, without
 * storage capacity tracking). Stateless.
 */
public final class VolumeMatcher {

    private VolumeMatcher() {
    }

    /**
     * The volume for {@code claim} on {@code node}: a volume pre-bound to the claim if its node
     * affinity admits the node (else none), otherwise the smallest available unclaimed volume of
     * the claim's class whose capacity, access modes, volume mode, labels (claim selector) and node
     * affinity fit, skipping {@code excluded} names and volumes {@code taken} by other pods.
     *
     * @return the volume, or null when none fits
     */
    public static PersistentVolume find(PersistentVolumeClaim claim, List<PersistentVolume> volumes, Node node,
                                        Set<String> excluded, Predicate<PersistentVolume> taken) {
        BigDecimal requested = VolumeObjects.requestedBytes(claim);
        String className = VolumeObjects.claimClass(claim);
        var spec = claim.getSpec();
        LabelSelection selector = spec.getSelector() == null ? null : LabelSelection.of(spec.getSelector());
        PersistentVolume smallest = null;
        for (PersistentVolume pv : volumes) {
            BigDecimal capacity = VolumeObjects.capacityBytes(pv);
            if (capacity.compareTo(requested) < 0
                    || !VolumeObjects.volumeMode(pv.getSpec().getVolumeMode()).equals(VolumeObjects.volumeMode(spec.getVolumeMode()))
                    || pv.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            boolean affinityOk = VolumeObjects.nodeAffinityMatches(pv, node);
            if (VolumeObjects.boundTo(pv, claim)) {
                return affinityOk ? pv : null;
            }
            if (pv.getSpec().getClaimRef() != null
                    || (selector != null && !selector.matches(labels(pv)))
                    || !VolumeObjects.volumeClass(pv).equals(className)
                    || !affinityOk
                    || !available(pv)
                    || !VolumeObjects.orEmpty(pv.getSpec().getAccessModes()).containsAll(VolumeObjects.orEmpty(spec.getAccessModes()))
                    || excluded.contains(pv.getMetadata().getName())
                    || taken.test(pv)) {
                continue;
            }
            if (smallest == null || VolumeObjects.capacityBytes(smallest).compareTo(capacity) > 0) {
                smallest = pv;
            }
        }
        return smallest;
    }

    /**
     * Whether {@code sc} can provision a volume for a claim on {@code node}: it names a real
     * provisioner and its allowedTopologies (if any) admit the node.
     */
    public static boolean canProvision(StorageClass sc, Node node) {
        if (sc == null || sc.getProvisioner() == null || sc.getProvisioner().isEmpty()
                || VolumeObjects.NO_PROVISIONER.equals(sc.getProvisioner())) {
            return false;
        }
        var topologies = sc.getAllowedTopologies();
        if (topologies == null || topologies.isEmpty()) {
            return true;
        }
        var labels = node.getMetadata().getLabels() == null ? Map.<String, String>of() : node.getMetadata().getLabels();
        // Terms are ORed; inside a term every label expression must hold.
        return topologies.stream().anyMatch(term -> term.getMatchLabelExpressions() != null
                && term.getMatchLabelExpressions().stream().allMatch(e ->
                        e.getValues() != null && e.getValues().contains(labels.get(e.getKey()))));
    }

    /**
     * Upstream skips volumes not yet Available. The apiserver creates volumes Pending and only a
     * PV controller, which kube4j does not run, would make them Available; so an unclaimed
     * Pending (or phase-less) volume counts as available too. Released and Failed ones do not.
     */
    private static boolean available(PersistentVolume pv) {
        String phase = pv.getStatus() == null ? null : pv.getStatus().getPhase();
        return phase == null || phase.isEmpty() || "Available".equals(phase) || "Pending".equals(phase);
    }

    private static Map<String, String> labels(PersistentVolume pv) {
        return pv.getMetadata().getLabels() == null ? Map.of() : pv.getMetadata().getLabels();
    }
}
