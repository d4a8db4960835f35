package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.Status;

import java.util.List;

/**
 * PreFilter + Filter: the pod's host ports (ip/protocol/port) must be free on the node. Pods with
 * no host ports skip the Filter. Stateless, thread-safe.
 */
public final class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {

    public static final String ERR_REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final String STATE_KEY = "PreFilter" + PluginNames.NODE_PORTS;

    /** The pod's host ports, computed once per cycle. */
    private record PreFilterState(List<ContainerPort> ports) {
    }

    @Override
    public String name() {
        return PluginNames.NODE_PORTS;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<ContainerPort> ports = PodInfo.hostPortsOf(pod);
        if (ports.isEmpty()) {
            return PreFilterResult.of(Status.skip());
        }
        state.write(STATE_KEY, new PreFilterState(List.copyOf(ports)));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<ContainerPort> ports = state.contains(STATE_KEY)
                ? state.read(STATE_KEY, PreFilterState.class).ports()
                : PodInfo.hostPortsOf(pod);
        for (ContainerPort p : ports) {
            if (node.usedPorts().conflicts(p.getHostIP(), p.getProtocol(), p.getHostPort())) {
                return Status.of(Code.UNSCHEDULABLE, ERR_REASON);
            }
        }
        return Status.success();
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        List<ClusterEvent> events = new java.util.ArrayList<>(ClusterEvent.nodeEvents());
        events.add(ClusterEvent.ASSIGNED_POD_DELETE);
        return List.copyOf(events);
    }
}
