package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a pod passes the profile's PreFilter and Filter plugins on a node whose pods were
 * changed for simulation, the rest of the cluster as in the snapshot. PreFilter is run again over
 * the changed cluster (instead of upstream's AddPod/RemovePod extensions) so that plugins with
 * cluster-wide PreFilter state (inter-pod affinity, topology spread) see the change.
 *
 * <p>As upstream's RunFilterPluginsWithNominatedPods, pods nominated to the node with at least
 * the pod's priority are counted on it first; when there are any, the pod must also fit without
 * them. Not thread-safe (one simulation at a time per instance).
 */
final class SimulatedFilter {

    private final FrameworkRunner framework;
    private final Snapshot snapshot;
    private final NominatedPods nominated;

    SimulatedFilter(FrameworkRunner framework, Snapshot snapshot, NominatedPods nominated) {
        this.framework = framework;
        this.snapshot = snapshot;
        this.nominated = nominated;
    }

    /** The pod's status on {@code node} (a changed copy of the snapshot's node of the same name). */
    Status run(Pod pod, NodeInfo node) {
        List<Pod> ahead = new ArrayList<>();
        int priority = Priorities.priorityOf(pod);
        String key = PodInfo.keyOf(pod);
        for (Pod p : nominated.nominatedTo(node.name())) {
            if (Priorities.priorityOf(p) >= priority && !PodInfo.keyOf(p).equals(key)) {
                ahead.add(p);
            }
        }
        if (!ahead.isEmpty()) {
            NodeInfo withNominated = node.copy();
            ahead.forEach(withNominated::addPod);
            Status s = once(pod, withNominated);
            if (!s.isSuccess()) {
                return s;
            }
        }
        return once(pod, node);
    }

    private Status once(Pod pod, NodeInfo node) {
        List<NodeInfo> nodes = new ArrayList<>(snapshot.numNodes());
        for (NodeInfo n : snapshot.nodeInfos()) {
            nodes.add(n.name().equals(node.name()) ? node : n);
        }
        CycleState state = new CycleState();
        FrameworkRunner.PreFilterOutcome pre = framework.runPreFilter(state, pod, nodes);
        if (!pre.status().isSuccess()) {
            return pre.status();
        }
        if (pre.nodeNames() != null && !pre.nodeNames().contains(node.name())) {
            return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                    "node(s) didn't satisfy plugin(s) [" + String.join(" ", pre.pluginsWithNodes()) + "]");
        }
        return framework.runFilter(state, pod, node);
    }
}
