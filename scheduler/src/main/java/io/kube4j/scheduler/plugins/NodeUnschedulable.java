package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Status;

import java.util.List;

/**
 * Filter: a cordoned node ({@code spec.unschedulable: true}) takes only pods that tolerate the
 * {@code node.kubernetes.io/unschedulable:NoSchedule} taint. Stateless, thread-safe.
 */
public final class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {

    public static final String ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
    public static final String TAINT_KEY = "node.kubernetes.io/unschedulable";

    private static final Taint UNSCHEDULABLE_TAINT = new TaintBuilder().withKey(TAINT_KEY).withEffect("NoSchedule").build();

    @Override
    public String name() {
        return PluginNames.NODE_UNSCHEDULABLE;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        var spec = node.node().getSpec();
        boolean cordoned = spec != null && Boolean.TRUE.equals(spec.getUnschedulable());
        if (!cordoned) {
            return Status.success();
        }
        var tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        if (Tolerations.anyTolerates(tolerations, UNSCHEDULABLE_TAINT)) {
            return Status.success();
        }
        return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_UNSCHEDULABLE);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return ClusterEvent.nodeEvents();
    }
}
