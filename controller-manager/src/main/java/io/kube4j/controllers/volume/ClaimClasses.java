package io.kube4j.controllers.volume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.EventRecorder;
import io.kube4j.controllers.machinery.Keys;
import io.kube4j.controllers.machinery.ObjectCache;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a claim's StorageClass means to the binder: the default class for claims without one,
 * delayed binding (WaitForFirstConsumer), and the events and annotations of a claim waiting for
 * an external provisioner (this controller provisions nothing). Thread-safe.
 */
final class ClaimClasses {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimClasses.class);

    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";
    static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";

    private final ObjectCache<StorageClass> classes;
    private final Api api;
    private final EventRecorder recorder;
    private final Newest newest;

    ClaimClasses(ObjectCache<StorageClass> classes, Api api, EventRecorder recorder, Newest newest) {
        this.classes = classes;
        this.api = api;
        this.recorder = recorder;
        this.newest = newest;
    }

    /** Upstream's assignDefaultStorageClass for a claim without any class; true when the claim was updated. */
    boolean assignDefault(PersistentVolumeClaim claim) {
        if (VolumeMatching.claimHasClass(claim)) {
            return false;
        }
        StorageClass dflt = classes.list().stream()
                .filter(sc -> "true".equals(VolumeMatching.annotation(sc.getMetadata().getAnnotations(), DEFAULT_CLASS))
                        || "true".equals(VolumeMatching.annotation(sc.getMetadata().getAnnotations(), BETA_DEFAULT_CLASS)))
                .max(Comparator.comparing((StorageClass sc) -> Objects.requireNonNullElse(sc.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(sc -> sc.getMetadata().getName()))
                .orElse(null);
        if (dflt == null) {
            return false;
        }
        PersistentVolumeClaim c = Serialization.clone(claim);
        c.getSpec().setStorageClassName(dflt.getMetadata().getName());
        newest.wrote(api.update(c));
        LOG.debug("{}: assigned default class {} to claim {}", PersistentVolumeBinderController.NAME, dflt.getMetadata().getName(), Keys.of(claim));
        return true;
    }

    /** No dynamic provisioning here: record what the claim waits for, as upstream does for external provisioners. */
    PersistentVolumeClaim awaitProvisioner(PersistentVolumeClaim claim) {
        String className = VolumeMatching.claimClass(claim);
        StorageClass sc = classes.get(null, className);
        if (sc == null) {
            recorder.event(claim, EventRecorder.WARNING, "ProvisioningFailed", "storageclass.storage.k8s.io \"" + className + "\" not found");
            return claim;
        }
        if (NO_PROVISIONER.equals(sc.getProvisioner())) {
            recorder.event(claim, EventRecorder.WARNING, "ProvisioningFailed", "no volume plugin matched name: " + NO_PROVISIONER);
            return claim;
        }
        PersistentVolumeClaim c = claim;
        if (!sc.getProvisioner().equals(VolumeMatching.annotation(claim.getMetadata().getAnnotations(), STORAGE_PROVISIONER))) {
            c = Serialization.clone(claim);
            if (c.getMetadata().getAnnotations() == null) {
                c.getMetadata().setAnnotations(new HashMap<>());
            }
            c.getMetadata().getAnnotations().put(STORAGE_PROVISIONER, sc.getProvisioner());
            c.getMetadata().getAnnotations().put(BETA_STORAGE_PROVISIONER, sc.getProvisioner());
            c = newest.wrote(api.update(c));
        }
        recorder.event(c, EventRecorder.NORMAL, "ExternalProvisioning", "Waiting for a volume to be created either by the external provisioner '"
                + sc.getProvisioner() + "' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
        return c;
    }

    /** Upstream's IsDelayBindingMode: the claim's class binds on first consumer. */
    boolean delayBinding(PersistentVolumeClaim claim) {
        String className = VolumeMatching.claimClass(claim);
        if (className.isEmpty()) {
            return false;
        }
        StorageClass sc = classes.get(null, className);
        return sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }
}
