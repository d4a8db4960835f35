package io.kube4j.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * Whether an update to an unschedulable pod may change its scheduling outcome. As upstream's
 * isPodUpdated: changes only to the status, resourceVersion, generation or managed fields do not
 * count (the scheduler itself writes the PodScheduled condition, which must not requeue the pod).
 * Stateless.
 */
final class PodUpdates {

    private PodUpdates() {
    }

    static boolean mayChangeScheduling(Pod oldPod, Pod newPod) {
        if (oldPod == null) {
            return true;
        }
        return !stripped(oldPod).equals(stripped(newPod));
    }

    private static Pod stripped(Pod pod) {
        PodBuilder b = new PodBuilder(pod).withStatus(null);
        if (pod.getMetadata() != null) {
            b.editMetadata().withResourceVersion(null).withGeneration(null).withManagedFields().endMetadata();
        }
        return b.build();
    }
}
