package io.kube4j.apiserver.table;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.kube4j.apiserver.registry.TableConvertor;
import java.time.Instant;
import java.util.List;

/** Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. Stateless. */
public final class PodTable implements TableConvertor<Pod> {

    private static final List<Column> COLUMNS = List.of(
            Cells.NAME,
            Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", "How often the pod's containers restarted, and how long ago the last did."),
            Cells.AGE,
            Column.wide("IP", "string", "The pod's primary IP address."),
            Column.wide("Node", "string", "The node the pod is bound to."),
            Column.wide("Nominated Node", "string", "The node the scheduler nominated after a preemption."),
            Column.wide("Readiness Gates", "string", "How many of the pod's readiness gates are true."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Pod pod, Instant now) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatusSummary summary = PodStatusSummary.of(pod, now);
        return List.of(Cells.name(pod), summary.ready(), summary.status(), summary.restarts(), Cells.age(pod, now),
                orNone(primaryIP(status)), orNone(spec.getNodeName()), orNone(status.getNominatedNodeName()),
                readinessGates(spec, status));
    }

    /** {@code true/total} over the pod's readiness gates, or {@code <none>} without any. */
    private static String readinessGates(PodSpec spec, PodStatus status) {
        List<PodReadinessGate> gates = spec.getReadinessGates();
        if (gates == null || gates.isEmpty()) {
            return "<none>";
        }
        int met = 0;
        List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        for (PodReadinessGate gate : gates) {
            for (PodCondition c : conditions) {
                if (c.getType() != null && c.getType().equals(gate.getConditionType())) {
                    if ("True".equals(c.getStatus())) {
                        met++;
                    }
                    break;
                }
            }
        }
        return met + "/" + gates.size();
    }

    /** {@code status.podIP} when set (upstream's internal form prefers it), else the first of podIPs. */
    private static String primaryIP(PodStatus status) {
        if (!Cells.str(status.getPodIP()).isEmpty()) {
            return status.getPodIP();
        }
        return status.getPodIPs() == null || status.getPodIPs().isEmpty() ? "" : status.getPodIPs().getFirst().getIp();
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
