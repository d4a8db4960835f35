package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.EventRecorder;
import java.util.List;

/**
 * Upstream's MarkPodsNotReady: the pods of a node that stopped reporting get their Ready condition
 * set to False (their kubelet cannot), with a {@code NodeNotReady} Warning on each. Stateless.
 */
final class PodReadiness {

    private PodReadiness() {
    }

    /**
     * Marks every pod of {@code pods} bound to {@code nodeName} not ready.
     *
     * @return whether every write succeeded (pods gone meanwhile count as success)
     */
    static boolean markNotReady(Api api, EventRecorder recorder, List<Pod> pods, String nodeName, String now) {
        boolean ok = true;
        for (Pod cached : pods) {
            if (cached.getSpec() == null || !nodeName.equals(cached.getSpec().getNodeName())
                    || cached.getStatus() == null || cached.getStatus().getConditions() == null) {
                continue;
            }
            Pod pod = Serialization.clone(cached);
            PodCondition ready = pod.getStatus().getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
            if (ready == null || "False".equals(ready.getStatus())) {
                continue;
            }
            ready.setStatus("False");
            ready.setLastTransitionTime(now);
            try {
                api.updateStatus(pod);
            } catch (RuntimeException e) {
                if (!ApiErrors.notFound(e)) {
                    ok = false;
                }
                continue;
            }
            recorder.event(pod, EventRecorder.WARNING, "NodeNotReady", "Node is not ready");
        }
        return ok;
    }
}
