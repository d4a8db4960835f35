package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.NominatedPods;
import io.kube4j.scheduler.framework.PluginException;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreFilterExtensions;
import io.kube4j.scheduler.framework.Status;

/**
 * One node changed for a preemption dry run: a copy of the node and of the cycle's state (with
 * the PreFilter results of the real cycle), kept in step through the PreFilter plugins'
 * {@link PreFilterExtensions} as pods are taken off and put back, as upstream's
 * SelectVictimsOnNode. {@link #fits} runs the Filter plugins as upstream's
 * RunFilterPluginsWithNominatedPods: with the pods nominated to the node that have at least the
 * pod's priority counted there first, and (when there are any) again without them. Not
 * thread-safe; one per node and dry run.
 */
final class NodeSimulation implements VictimSelection.Simulation {

    private final FrameworkRunner framework;
    private final Pod pod;
    private final CycleState state;
    private final NodeInfo node;
    private final NominatedPods nominated;

    NodeSimulation(FrameworkRunner framework, CycleState cycleState, Pod pod, NodeInfo node, NominatedPods nominated) {
        this.framework = framework;
        this.pod = pod;
        this.state = cycleState.copy();
        this.node = node.copy();
        this.nominated = nominated;
    }

    @Override
    public void removePod(Pod p) {
        PodInfo info = node.pods().stream().filter(i -> i.key().equals(PodInfo.keyOf(p))).findFirst()
                .orElseGet(() -> PodInfo.of(p));
        node.removePod(p);
        check(framework.runPreFilterExtensionRemovePod(state, pod, info, node), "RemovePod");
    }

    @Override
    public void addPod(Pod p) {
        PodInfo info = PodInfo.of(p);
        node.addPod(info);
        check(framework.runPreFilterExtensionAddPod(state, pod, info, node), "AddPod");
    }

    @Override
    public Status fits() {
        return framework.runFilterWithNominatedPods(state, pod, node, nominated.nominatedTo(node.name()));
    }

    private static void check(Status s, String hook) {
        if (!s.isSuccess()) {
            throw new PluginException("running " + hook + " on PreFilter plugins: " + s.message());
        }
    }
}
