package io.kube4j.kubelet.volume;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Makes a pod's volumes ready on the host before its containers start (emptyDir, hostPath,
 * configMap, secret, downwardAPI, projected with the service-account token) and removes them after
 * the pod is gone.
 *
 * <p>Thread-safe; the kubelet calls it from one worker per pod, so calls for one pod never overlap.
 */
public interface VolumeManager {

    /**
     * Sets up every volume of the pod, or refreshes it (configMap, secret, downwardAPI and projected
     * contents follow their sources; a token is renewed before it expires). Idempotent.
     *
     * @throws VolumeException naming the volume and the cause (upstream's FailedMount message)
     */
    PodVolumes setUp(Pod pod) throws VolumeException;

    /** Removes the pod's volumes (unmounts tmpfs, deletes the pod's volume directories; never a hostPath's content). */
    void tearDown(String podUid);
}
