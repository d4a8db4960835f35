package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.List;
import java.util.Optional;

/**
 * Filter: the pod must tolerate every NoSchedule and NoExecute taint of the node. Score: the
 * number of PreferNoSchedule taints the pod does not tolerate (counting only tolerations with
 * an empty or PreferNoSchedule effect), normalized reversed so fewer is better. Stateless,
 * thread-safe. Default weight 3.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin, EnqueueExtensions {

    public static final int DEFAULT_WEIGHT = 3;

    @Override
    public String name() {
        return PluginNames.TAINT_TOLERATION;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        var nodeSpec = node.node().getSpec();
        List<Taint> taints = nodeSpec == null ? null : nodeSpec.getTaints();
        Optional<Taint> untolerated = Tolerations.firstUntolerated(taints, tolerations(pod),
                t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()));
        if (untolerated.isEmpty()) {
            return Status.success();
        }
        Taint t = untolerated.get();
        return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, "node(s) had untolerated taint {%s: %s}"
                .formatted(Tolerations.nullToEmpty(t.getKey()), Tolerations.nullToEmpty(t.getValue())));
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        var nodeSpec = node.node().getSpec();
        if (nodeSpec == null || nodeSpec.getTaints() == null) {
            return 0;
        }
        List<Toleration> preferNoSchedule = tolerations(pod).stream()
                .filter(t -> t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect()))
                .toList();
        long count = 0;
        for (Taint taint : nodeSpec.getTaints()) {
            if ("PreferNoSchedule".equals(taint.getEffect()) && !Tolerations.anyTolerates(preferNoSchedule, taint)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        ScoreNormalizer.normalize(scores, true);
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return ClusterEvent.nodeEvents();
    }

    private static List<Toleration> tolerations(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getTolerations() == null) {
            return List.of();
        }
        return pod.getSpec().getTolerations();
    }
}
