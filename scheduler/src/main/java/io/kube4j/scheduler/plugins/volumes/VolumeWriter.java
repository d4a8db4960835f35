package io.kube4j.scheduler.plugins.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * The API writes of VolumeBinding's PreBind. Both methods write with the resourceVersion of the
 * objects given, so a concurrent change fails the write instead of being overwritten.
 * Implementations must be thread-safe; failures are thrown as runtime exceptions, which PreBind
 * reports as errors (the pod is retried).
 */
public interface VolumeWriter {

    /** A writer for profiles that never reach PreBind with volumes to bind (tests, tools). */
    VolumeWriter UNSUPPORTED = new VolumeWriter() {
        @Override
        public void bind(PersistentVolume volume, PersistentVolumeClaim claim) {
            throw new IllegalStateException("no volume writer configured");
        }

        @Override
        public void selectNode(PersistentVolumeClaim claim, String nodeName) {
            throw new IllegalStateException("no volume writer configured");
        }
    };

    /** Binds a static volume: the volume's claimRef names the claim, the claim's volumeName the volume. */
    void bind(PersistentVolume volume, PersistentVolumeClaim claim);

    /** Asks for dynamic provisioning on {@code nodeName}: the claim's selected-node annotation. */
    void selectNode(PersistentVolumeClaim claim, String nodeName);
}
