package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.List;

/**
 * PreEnqueue: a pod with {@code spec.schedulingGates} is not scheduled until every gate is
 * removed, as upstream's SchedulingGates plugin. The queue parks it as gated (counted in
 * {@code scheduler_pending_pods{queue="gated"}}) and retries it when an update of the pod removes
 * the last gate. Stateless, thread-safe.
 */
public final class SchedulingGates implements PreEnqueuePlugin {

    @Override
    public String name() {
        return PluginNames.SCHEDULING_GATES;
    }

    @Override
    public Status preEnqueue(Pod pod) {
        List<PodSchedulingGate> gates = pod.getSpec() == null ? null : pod.getSpec().getSchedulingGates();
        if (gates == null || gates.isEmpty()) {
            return Status.success();
        }
        // Go's %v of a string slice: "[a b]".
        List<String> names = gates.stream().map(PodSchedulingGate::getName).toList();
        return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                "waiting for scheduling gates: [" + String.join(" ", names) + "]");
    }
}
