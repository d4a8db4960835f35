package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code persistentVolumeClaimRetentionPolicy} as owner references on the claims, as upstream: the
 * garbage collector does the deleting. {@code whenDeleted: Delete} makes the set an owner of its
 * claims; {@code whenScaled: Delete} makes a condemned pod (ordinal out of range) the owner of its
 * claims instead, so scaling down deletes them with the pod. Retain removes those references.
 * Stateless.
 */
final class ClaimRetention {

    static final String DELETE = "Delete";

    private ClaimRetention() {
    }

    static String whenDeleted(StatefulSet set) {
        var p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p == null || p.getWhenDeleted() == null ? "Retain" : p.getWhenDeleted();
    }

    static String whenScaled(StatefulSet set) {
        var p = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p == null || p.getWhenScaled() == null ? "Retain" : p.getWhenScaled();
    }

    /** Sets the claim's owner references for {@code pod} as the policy wants; whether anything changed. */
    static boolean apply(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        boolean condemned = !StatefulPods.inRange(set, pod);
        boolean scaledDelete = DELETE.equals(whenScaled(set));
        boolean wantSet = DELETE.equals(whenDeleted(set)) && !(scaledDelete && condemned);
        boolean wantPod = scaledDelete && condemned && pod.getMetadata().getUid() != null;
        boolean changed = reference(claim, set, wantSet);
        if (pod.getMetadata().getUid() != null) {
            changed |= reference(claim, pod, wantPod);
        }
        return changed;
    }

    /** Whether the claim's owner references already follow the policy for {@code pod}. */
    static boolean matches(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        PersistentVolumeClaim copy = io.fabric8.kubernetes.client.utils.Serialization.clone(claim);
        return !apply(copy, set, pod);
    }

    /** A claim still owned by an earlier pod of the same name: wait for the collector to delete it. */
    static boolean stale(PersistentVolumeClaim claim, Pod pod) {
        List<OwnerReference> refs = claim.getMetadata().getOwnerReferences();
        if (refs == null) {
            return false;
        }
        return refs.stream().anyMatch(r -> "Pod".equals(r.getKind()) && !r.getUid().equals(pod.getMetadata().getUid()));
    }

    private static boolean reference(PersistentVolumeClaim claim, HasMetadata owner, boolean wanted) {
        List<OwnerReference> refs = new ArrayList<>(claim.getMetadata().getOwnerReferences() == null ? List.of()
                : claim.getMetadata().getOwnerReferences());
        String uid = owner.getMetadata().getUid();
        boolean present = refs.stream().anyMatch(r -> uid.equals(r.getUid()));
        if (present == wanted) {
            return false;
        }
        if (wanted) {
            refs.add(new OwnerReferenceBuilder().withApiVersion(HasMetadata.getApiVersion(owner.getClass()))
                    .withKind(HasMetadata.getKind(owner.getClass())).withName(owner.getMetadata().getName()).withUid(uid).build());
        } else {
            refs.removeIf(r -> uid.equals(r.getUid()));
        }
        claim.getMetadata().setOwnerReferences(refs);
        return true;
    }
}
