package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.scheduler.plugins.NodeSelectors;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Field readings of claims, volumes and classes with upstream's defaults (the beta class
 * annotation, Filesystem volume mode, Immediate binding mode). Stateless.
 */
public final class VolumeObjects {

    /** The annotation that asks a provisioner to create the claim's volume on a node. */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** The claim annotation the binder sets once it has bound the claim. */
    public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** Set on objects whose binding was made by a controller rather than asked for by the user. */
    public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** The provisioner name that means "no dynamic provisioning for this class". */
    public static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private VolumeObjects() {
    }

    /** The claim's class: spec.storageClassName, else the beta annotation, else "". */
    public static String claimClass(PersistentVolumeClaim claim) {
        String c = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
        return c != null ? c : annotation(claim.getMetadata().getAnnotations(), BETA_CLASS_ANNOTATION);
    }

    /** The volume's class: spec.storageClassName, else the beta annotation, else "". */
    public static String volumeClass(PersistentVolume volume) {
        String c = volume.getSpec() == null ? null : volume.getSpec().getStorageClassName();
        return c != null ? c : annotation(volume.getMetadata().getAnnotations(), BETA_CLASS_ANNOTATION);
    }

    public static boolean waitsForFirstConsumer(StorageClass sc) {
        return WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode());
    }

    /** The claim's spec.volumeName, or "" when unbound. */
    public static String volumeName(PersistentVolumeClaim claim) {
        String v = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
        return v == null ? "" : v;
    }

    /** Bytes the claim requests (0 without a request). */
    public static BigDecimal requestedBytes(PersistentVolumeClaim claim) {
        var res = claim.getSpec() == null ? null : claim.getSpec().getResources();
        return bytes(res == null ? null : res.getRequests());
    }

    /** Bytes of the volume's capacity (0 without one). */
    public static BigDecimal capacityBytes(PersistentVolume volume) {
        return bytes(volume.getSpec() == null ? null : volume.getSpec().getCapacity());
    }

    /** Whether the volume's node affinity admits {@code node}; a volume without one fits anywhere. */
    public static boolean nodeAffinityMatches(PersistentVolume volume, Node node) {
        var affinity = volume.getSpec() == null ? null : volume.getSpec().getNodeAffinity();
        if (affinity == null || affinity.getRequired() == null) {
            return true;
        }
        return NodeSelectors.anyTermMatches(affinity.getRequired().getNodeSelectorTerms(), node);
    }

    /** Whether the volume's claimRef names {@code claim} (by namespace and name, and uid when both have one). */
    public static boolean boundTo(PersistentVolume volume, PersistentVolumeClaim claim) {
        ObjectReference ref = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        if (ref == null || !claim.getMetadata().getName().equals(ref.getName())
                || !claim.getMetadata().getNamespace().equals(ref.getNamespace())) {
            return false;
        }
        String uid = ref.getUid();
        return uid == null || uid.isEmpty() || uid.equals(claim.getMetadata().getUid());
    }

    /** namespace/name of a claim. */
    public static String key(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }

    static String volumeMode(String mode) {
        return mode == null || mode.isEmpty() ? "Filesystem" : mode;
    }

    static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static BigDecimal bytes(Map<String, Quantity> resources) {
        Quantity q = resources == null ? null : resources.get("storage");
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    private static String annotation(Map<String, String> annotations, String key) {
        String v = annotations == null ? null : annotations.get(key);
        return v == null ? "" : v;
    }
}
