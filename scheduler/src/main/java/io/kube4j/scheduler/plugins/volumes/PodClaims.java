package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The claims a pod uses, split as upstream's binder splits them: bound ones (spec.volumeName set),
 * unbound ones whose class delays binding until a pod uses them (these are matched per node), and
 * unbound ones that bind immediately (the PV controller's job; the pod must wait). Immutable.
 *
 * @param bound     claims with a volume name
 * @param toBind    unbound WaitForFirstConsumer claims, smallest request first (so the smallest
 *                  claims pick first and larger volumes stay for larger claims)
 * @param immediate unbound claims of Immediate (or no) class
 */
public record PodClaims(List<PersistentVolumeClaim> bound, List<PersistentVolumeClaim> toBind,
                        List<PersistentVolumeClaim> immediate) {

    public PodClaims {
        bound = List.copyOf(bound);
        toBind = List.copyOf(toBind);
        immediate = List.copyOf(immediate);
    }

    /** Whether the pod uses any claim (plain or generic ephemeral). */
    public static boolean usesClaims(Pod pod) {
        for (Volume v : volumes(pod)) {
            if (v.getPersistentVolumeClaim() != null || v.getEphemeral() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looks up and sorts the pod's claims.
     *
     * @throws ClaimProblem when a claim is missing, lost, being deleted, not owned by its ephemeral
     *                      pod, or names a class that does not exist
     */
    public static PodClaims of(Pod pod, VolumeListers listers) {
        // Every claim is checked before any class is looked up, as upstream's PreFilter does.
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        for (Volume v : volumes(pod)) {
            if (v.getPersistentVolumeClaim() != null) {
                claims.add(checked(pod, v.getPersistentVolumeClaim().getClaimName(), false, listers));
            } else if (v.getEphemeral() != null) {
                claims.add(checked(pod, pod.getMetadata().getName() + "-" + v.getName(), true, listers));
            }
        }
        List<PersistentVolumeClaim> bound = new ArrayList<>();
        List<PersistentVolumeClaim> toBind = new ArrayList<>();
        List<PersistentVolumeClaim> immediate = new ArrayList<>();
        for (PersistentVolumeClaim claim : claims) {
            if (!VolumeObjects.volumeName(claim).isEmpty()) {
                bound.add(claim);
            } else if (delaysBinding(claim, listers)) {
                toBind.add(claim);
            } else {
                immediate.add(claim);
            }
        }
        toBind.sort(Comparator.comparing(VolumeObjects::requestedBytes));
        return new PodClaims(bound, toBind, immediate);
    }

    private static PersistentVolumeClaim checked(Pod pod, String name, boolean ephemeral, VolumeListers listers) {
        String ns = pod.getMetadata().getNamespace();
        PersistentVolumeClaim claim = listers.claim(ns, name);
        if (claim == null) {
            // An ephemeral volume's claim is normally just not created yet by its controller.
            throw new ClaimProblem(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ephemeral
                    ? "waiting for ephemeral volume controller to create the persistentvolumeclaim \"" + name + "\""
                    : "persistentvolumeclaim \"" + name + "\" not found");
        }
        if (claim.getStatus() != null && "Lost".equals(claim.getStatus().getPhase())) {
            throw new ClaimProblem(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "persistentvolumeclaim \"" + name
                    + "\" bound to non-existent persistentvolume \"" + VolumeObjects.volumeName(claim) + "\"");
        }
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            throw new ClaimProblem(Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                    "persistentvolumeclaim \"" + name + "\" is being deleted");
        }
        if (ephemeral && !ownedBy(claim, pod)) {
            throw new ClaimProblem(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "PVC " + ns + "/" + name
                    + " was not created for pod " + ns + "/" + pod.getMetadata().getName() + " (pod is not owner)");
        }
        return claim;
    }

    private static boolean delaysBinding(PersistentVolumeClaim claim, VolumeListers listers) {
        String className = VolumeObjects.claimClass(claim);
        if (className.isEmpty()) {
            return false;
        }
        StorageClass sc = listers.storageClass(className);
        if (sc == null) {
            // Upstream's binder fails the cycle with the lister's error; the pod backs off and retries.
            throw new ClaimProblem(Code.ERROR, "storageclass.storage.k8s.io \"" + className + "\" not found");
        }
        return VolumeObjects.waitsForFirstConsumer(sc);
    }

    private static boolean ownedBy(PersistentVolumeClaim claim, Pod pod) {
        List<OwnerReference> owners = claim.getMetadata().getOwnerReferences();
        if (owners == null) {
            return false;
        }
        for (OwnerReference o : owners) {
            if (Boolean.TRUE.equals(o.getController())) {
                return o.getUid() != null && o.getUid().equals(pod.getMetadata().getUid());
            }
        }
        return false;
    }

    private static List<Volume> volumes(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    }

    /** Why a pod's claims cannot be used; {@link #status()} is what PreFilter returns. */
    public static final class ClaimProblem extends RuntimeException {
        private final transient Status status;

        ClaimProblem(Code code, String reason) {
            super(reason, null, false, false);
            this.status = Status.of(code, reason);
        }

        public Status status() {
            return status;
        }
    }
}
