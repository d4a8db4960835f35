package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.machinery.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Computes and writes a DaemonSet's status as upstream's updateDaemonSetStatus: per node that
 * should run the pod, whether one is scheduled and whether the oldest is ready, available and of
 * the current revision; pods on nodes that should not run them are misscheduled. Writes only when
 * something changed; a conflict re-reads the DaemonSet live once. Thread-safe.
 */
final class DaemonSetStatusWriter {

    private final Api api;

    DaemonSetStatusWriter(Api api) {
        this.api = api;
    }

    static DaemonSetStatus compute(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> podsByNode, String hash,
            Function<Node, NodeEligibility> eligibility, Instant now) {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        for (Node node : nodes) {
            List<Pod> pods = podsByNode.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !pods.isEmpty();
            if (!eligibility.apply(node).shouldRun()) {
                if (scheduled) {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            List<Pod> sorted = new ArrayList<>(pods);
            sorted.sort(DaemonSetController.OLDEST_FIRST);
            Pod oldest = sorted.getFirst();
            if (Pods.ready(oldest)) {
                ready++;
                if (Pods.available(oldest, minReady, now)) {
                    available++;
                }
            }
            if (DaemonPods.updated(oldest, hash)) {
                updated++;
            }
        }
        DaemonSetStatus s = ds.getStatus() == null ? new DaemonSetStatus() : Serialization.clone(ds.getStatus());
        s.setDesiredNumberScheduled(desired);
        s.setCurrentNumberScheduled(current);
        s.setNumberMisscheduled(misscheduled);
        s.setNumberReady(ready);
        s.setNumberAvailable(available);
        s.setUpdatedNumberScheduled(updated);
        s.setNumberUnavailable(desired - available);
        s.setObservedGeneration(ds.getMetadata().getGeneration());
        return s;
    }

    /** Writes {@code status} unless {@code ds} already has it. */
    void write(DaemonSet ds, DaemonSetStatus status) {
        if (Objects.equals(ds.getStatus(), status)) {
            return;
        }
        DaemonSet copy = Serialization.clone(ds);
        copy.setStatus(status);
        try {
            api.updateStatus(copy);
        } catch (RuntimeException e) {
            if (!ApiErrors.conflict(e)) {
                throw e;
            }
            DaemonSet fresh = api.get(DaemonSet.class, ds.getMetadata().getNamespace(), ds.getMetadata().getName());
            if (fresh == null) {
                return;
            }
            status.setCollisionCount(fresh.getStatus() == null ? null : fresh.getStatus().getCollisionCount());
            fresh.setStatus(status);
            api.updateStatus(fresh);
        }
    }
}
