package io.kube4j.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.kube4j.controllers.machinery.EventRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One pass of upstream's updateStatefulSet over a set's pods: fill every missing ordinal in
 * {@code [start, start+replicas)} (recreating failed and succeeded pods), then delete condemned
 * pods highest ordinal first, then roll pods at or above the partition to the update revision
 * highest first. With OrderedReady each step waits for every earlier pod to be Running and Ready
 * (and available) and performs at most one create or delete; Parallel does not wait. Returns the
 * status the pods imply. Not thread-safe: one instance per sync.
 */
final class StatefulSetUpdate {

    private final StatefulSet set;
    private final StatefulSetRevisions.Revisions revisions;
    private final StatefulPodControl control;
    private final EventRecorder events;
    private final Instant now;
    private final boolean monotonic;
    private final int minReady;
    private final int start;

    StatefulSetUpdate(StatefulSet set, StatefulSetRevisions.Revisions revisions, StatefulPodControl control, EventRecorder events, Instant now) {
        this.set = set;
        this.revisions = revisions;
        this.control = control;
        this.events = events;
        this.now = now;
        this.monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        this.minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        this.start = StatefulPods.startOrdinal(set);
    }

    /** Runs the pass over {@code pods} (the set's, claimed) and returns the resulting status counts. */
    StatefulSetStatus run(List<Pod> pods) {
        int count = StatefulPods.replicas(set);
        Pod[] replicas = new Pod[count];
        List<Pod> condemned = new ArrayList<>();
        for (Pod p : pods) {
            int ord = StatefulPods.ordinal(p);
            if (StatefulPods.inRange(set, p)) {
                replicas[ord - start] = p;
            } else if (ord >= 0) {
                condemned.add(p);
            }
        }
        for (int i = 0; i < count; i++) {
            if (replicas[i] == null) {
                replicas[i] = versionedPod(i);
            }
        }
        condemned.sort(Comparator.comparingInt(StatefulPods::ordinal).reversed());
        Pod firstUnhealthy = null;
        for (Pod p : replicas) {
            if (firstUnhealthy == null && !StatefulPods.healthy(p)) {
                firstUnhealthy = p;
            }
        }
        for (Pod p : condemned.reversed()) {
            if (firstUnhealthy == null && !StatefulPods.healthy(p)) {
                firstUnhealthy = p;
            }
        }
        if (set.getMetadata().getDeletionTimestamp() != null) {
            return status(replicas, condemned);
        }
        for (int i = 0; i < count; i++) {
            if (processReplica(replicas, i)) {
                return status(replicas, condemned);
            }
        }
        for (Pod p : condemned) {
            if (!control.claimsMatchRetention(set, p)) {
                control.fixClaimRetention(set, p);
            }
        }
        for (Pod p : condemned) {
            if (processCondemned(p, firstUnhealthy)) {
                return status(replicas, condemned);
            }
        }
        StatefulSetStatus status = status(replicas, condemned);
        if (set.getSpec().getUpdateStrategy() != null && "OnDelete".equals(set.getSpec().getUpdateStrategy().getType())) {
            return status;
        }
        int partition = partition();
        for (int target = count - 1; target >= partition; target--) {
            Pod p = replicas[target];
            if (!Objects.equals(StatefulPods.revision(p), revisions.update().getMetadata().getName()) && !StatefulPods.terminating(p)) {
                control.deletePod(set, p);
                status.setCurrentReplicas(status.getCurrentReplicas() - 1);
                return status;
            }
            if (!StatefulPods.healthy(p)) {
                return status;
            }
        }
        return status;
    }

    private int partition() {
        var s = set.getSpec().getUpdateStrategy();
        return s == null || s.getRollingUpdate() == null || s.getRollingUpdate().getPartition() == null ? 0 : s.getRollingUpdate().getPartition();
    }

    /**
     * The pod for index {@code i} at the current revision when RollingUpdate keeps it there (below
     * the partition), else at the update revision (upstream's newVersionedStatefulSetPod).
     */
    private Pod versionedPod(int i) {
        var s = set.getSpec().getUpdateStrategy();
        boolean rolling = s == null || s.getType() == null || "RollingUpdate".equals(s.getType());
        int currentReplicas = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0 : set.getStatus().getCurrentReplicas();
        boolean keepCurrent = rolling && (s == null || s.getRollingUpdate() == null ? i < currentReplicas : i < partition());
        if (keepCurrent) {
            return StatefulPods.newPod(set, revisions.currentTemplate(set), i + start, revisions.current().getMetadata().getName());
        }
        return StatefulPods.newPod(set, revisions.updateTemplate(set), i + start, revisions.update().getMetadata().getName());
    }

    /** Upstream's processReplica: whether the pass must stop here. */
    private boolean processReplica(Pod[] replicas, int i) {
        Pod pod = replicas[i];
        String phase = io.kube4j.controllers.machinery.Pods.phase(pod);
        if (StatefulPods.created(pod) && !StatefulPods.terminating(pod) && ("Failed".equals(phase) || "Succeeded".equals(phase))) {
            if ("Failed".equals(phase)) {
                events.eventf(set, EventRecorder.WARNING, "RecreatingFailedPod", "StatefulSet %s/%s is recreating failed Pod %s",
                        set.getMetadata().getNamespace(), set.getMetadata().getName(), pod.getMetadata().getName());
            } else {
                events.eventf(set, EventRecorder.NORMAL, "RecreatingTerminatedPod", "StatefulSet %s/%s is recreating terminated Pod %s",
                        set.getMetadata().getNamespace(), set.getMetadata().getName(), pod.getMetadata().getName());
            }
            control.deletePod(set, pod);
            replicas[i] = versionedPod(i);
            pod = replicas[i];
        }
        if (!StatefulPods.created(pod)) {
            if (control.claimIsStale(set, pod)) {
                return true;
            }
            control.createPod(set, pod);
            return monotonic;
        }
        if ("Pending".equals(io.kube4j.controllers.machinery.Pods.phase(pod))) {
            control.createMissingClaims(set, pod);
        }
        if (monotonic && (StatefulPods.terminating(pod) || !StatefulPods.runningAndReady(pod)
                || !StatefulPods.runningAndAvailable(pod, minReady, now))) {
            return true;
        }
        if (!StatefulPods.identityMatches(set, pod) || !StatefulPods.storageMatches(set, pod) || !control.claimsMatchRetention(set, pod)) {
            control.updatePod(set, pod);
        }
        return false;
    }

    /** Upstream's processCondemned: whether the pass must stop here. */
    private boolean processCondemned(Pod pod, Pod firstUnhealthy) {
        if (StatefulPods.terminating(pod)) {
            return monotonic;
        }
        if (monotonic && pod != firstUnhealthy && (!StatefulPods.runningAndReady(pod) || !StatefulPods.runningAndAvailable(pod, minReady, now))) {
            return true;
        }
        control.deletePod(set, pod);
        return monotonic;
    }

    /** The replica counts of upstream's updateStatus over the in-range and condemned pods that exist. */
    private StatefulSetStatus status(Pod[] replicas, List<Pod> condemned) {
        int total = 0, ready = 0, available = 0, current = 0, updated = 0;
        List<Pod> all = new ArrayList<>(List.of(replicas));
        all.addAll(condemned);
        String currentName = revisions.current().getMetadata().getName();
        String updateName = revisions.update().getMetadata().getName();
        for (Pod p : all) {
            if (!StatefulPods.created(p)) {
                continue;
            }
            total++;
            if (StatefulPods.runningAndReady(p)) {
                ready++;
                if (StatefulPods.runningAndAvailable(p, minReady, now)) {
                    available++;
                }
            }
            if (!StatefulPods.terminating(p)) {
                String rev = StatefulPods.revision(p);
                if (currentName.equals(rev)) {
                    current++;
                }
                if (updateName.equals(rev)) {
                    updated++;
                }
            }
        }
        StatefulSetStatus s = new StatefulSetStatus();
        s.setReplicas(total);
        s.setReadyReplicas(ready);
        s.setAvailableReplicas(available);
        s.setCurrentReplicas(current);
        s.setUpdatedReplicas(updated);
        return s;
    }
}
