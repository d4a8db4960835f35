package io.kube4j.controllers.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.kube4j.controllers.machinery.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One step of a DaemonSet RollingUpdate (upstream's rollingUpdate in daemon/update.go), computed
 * from the pods per node: without surge, old pods are deleted while fewer than maxUnavailable
 * nodes lack an available pod (unavailable old pods always go); with surge, new pods are created
 * next to old ones on up to maxSurge nodes and an old pod is deleted once its node's new pod is
 * available. Pure: the caller performs the plan. Stateless.
 */
public final class DaemonSetRollout {

    /** Pods to delete (by name) and nodes to create a new pod on. */
    public record Plan(List<String> podsToDelete, List<String> nodesToCreate, boolean duplicatesFound) {
    }

    /** maxSurge and maxUnavailable resolved against the desired number of scheduled pods. */
    public record Limits(int maxSurge, int maxUnavailable) {
    }

    private DaemonSetRollout() {
    }

    /** The limits of {@code ds} for {@code desired} nodes (upstream's updatedDesiredNodeCounts). */
    public static Limits limits(DaemonSet ds, int desired) {
        RollingUpdateDaemonSet ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int surge = ru == null ? 0 : scaled(ru.getMaxSurge(), desired, 0);
        int unavailable = ru == null ? 1 : scaled(ru.getMaxUnavailable(), desired, 1);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Limits(surge, unavailable);
    }

    /** Whether {@code ds} rolls out by surging (maxSurge above zero). */
    public static boolean allowsSurge(DaemonSet ds) {
        RollingUpdateDaemonSet ru = ds.getSpec().getUpdateStrategy() == null ? null : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        return ru != null && ru.getMaxSurge() != null && scaled(ru.getMaxSurge(), 100, 0) > 0;
    }

    static int scaled(IntOrString v, int total, int fallback) {
        if (v == null) {
            return fallback;
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s == null || !s.endsWith("%")) {
            return fallback;
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        return (int) Math.ceil(percent * (double) total / 100.0);
    }

    /**
     * The step for {@code ds} at revision {@code hash}: {@code podsByNode} holds the daemon pods per
     * node (any node), {@code eligibleNodes} the nodes the pod should run on, {@code shouldRun}
     * answers for a node name.
     */
    public static Plan plan(DaemonSet ds, String hash, Map<String, List<Pod>> podsByNode, List<String> eligibleNodes,
            Predicate<String> shouldRun, Instant now) {
        Limits limits = limits(ds, eligibleNodes.size());
        int minReady = ds.getSpec().getMinReadySeconds() == null ? 0 : ds.getSpec().getMinReadySeconds();
        boolean duplicates = false;
        List<String> toDelete = new ArrayList<>();
        if (limits.maxSurge() == 0) {
            int unavailable = 0;
            List<String> alwaysReplace = new ArrayList<>();
            List<String> candidates = new ArrayList<>();
            for (String node : eligibleNodes) {
                NodePods p = NodePods.of(podsByNode.getOrDefault(node, List.of()), hash);
                if (p == null) {
                    duplicates = true;
                    continue;
                }
                if (p.oldPod() == null && p.newPod() == null || p.oldPod() != null && p.newPod() != null) {
                    unavailable++; // the manage step creates or deletes here
                } else if (p.newPod() != null) {
                    if (!Pods.available(p.newPod(), minReady, now)) {
                        unavailable++;
                    }
                } else if (!Pods.available(p.oldPod(), minReady, now)) {
                    alwaysReplace.add(p.oldPod().getMetadata().getName());
                    unavailable++;
                } else if (unavailable < limits.maxUnavailable()) {
                    candidates.add(p.oldPod().getMetadata().getName());
                }
            }
            toDelete.addAll(alwaysReplace);
            int remaining = Math.max(0, limits.maxUnavailable() - unavailable);
            toDelete.addAll(candidates.subList(0, Math.min(remaining, candidates.size())));
            return new Plan(toDelete, List.of(), duplicates);
        }
        int surging = 0;
        List<String> allowedNew = new ArrayList<>();
        List<String> candidateNew = new ArrayList<>();
        for (var e : podsByNode.entrySet()) {
            NodePods p = NodePods.of(e.getValue(), hash);
            if (p == null) {
                duplicates = true;
                continue;
            }
            if (p.oldPod() == null) {
                continue;
            }
            if (p.newPod() == null) {
                if (!Pods.available(p.oldPod(), minReady, now)) {
                    if (!shouldRun.test(e.getKey())) {
                        toDelete.add(p.oldPod().getMetadata().getName());
                    } else {
                        allowedNew.add(e.getKey());
                    }
                } else if (surging < limits.maxSurge()) {
                    candidateNew.add(e.getKey());
                }
            } else if (!Pods.available(p.newPod(), minReady, now)) {
                surging++;
            } else {
                toDelete.add(p.oldPod().getMetadata().getName());
            }
        }
        int remaining = Math.min(Math.max(0, limits.maxSurge() - surging), candidateNew.size());
        List<String> create = new ArrayList<>(allowedNew);
        create.addAll(candidateNew.subList(0, remaining));
        return new Plan(toDelete, create, duplicates);
    }

    /** The one new and one old pod on a node, ignoring pods being deleted; null when there are duplicates. */
    record NodePods(Pod newPod, Pod oldPod) {
        static NodePods of(List<Pod> pods, String hash) {
            Pod newPod = null;
            Pod oldPod = null;
            for (Pod p : pods) {
                if (p.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (DaemonPods.updated(p, hash)) {
                    if (newPod != null) {
                        return null;
                    }
                    newPod = p;
                } else {
                    if (oldPod != null) {
                        return null;
                    }
                    oldPod = p;
                }
            }
            return new NodePods(newPod, oldPod);
        }
    }
}
