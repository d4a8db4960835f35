package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Status;

import java.util.List;

/** Filter: a pod that names a node in {@code spec.nodeName} fits only that node. Stateless, thread-safe. */
public final class NodeName implements FilterPlugin, EnqueueExtensions {

    public static final String ERR_REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return PluginNames.NODE_NAME;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        String wanted = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Status.success();
        }
        return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON);
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        return ClusterEvent.nodeEvents();
    }
}
