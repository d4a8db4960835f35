package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kubelet's four node conditions, updated as upstream's status setters update them: every
 * update stamps {@code lastHeartbeatTime}; {@code lastTransitionTime} moves only when a condition's
 * status changes; a condition missing from the node is appended (MemoryPressure, DiskPressure,
 * PIDPressure, then Ready); conditions other writers own are kept untouched. Ready is True
 * ("KubeletReady", "kubelet is posting ready status") when there is no error, else False
 * ("KubeletNotReady", the errors joined by ","). Stateless.
 */
public final class NodeConditions {

    /** A condition's status changed: the event upstream records on the Node ("NodeReady", "NodeHasSufficientMemory"...). */
    public record Transition(String type, String status, String eventReason) {}

    /** The new conditions and the transitions that happened. */
    public record Result(List<NodeCondition> conditions, List<Transition> transitions) {
        public Result {
            conditions = List.copyOf(conditions);
            transitions = List.copyOf(transitions);
        }
    }

    private NodeConditions() {}

    /**
     * @param existing the Node's current conditions (not modified)
     * @param readyErrors why the node cannot run pods; empty: Ready
     */
    public static Result update(List<NodeCondition> existing, Instant now, NodePressure pressure, List<String> readyErrors) {
        String time = format(now);
        List<NodeCondition> out = new ArrayList<>();
        for (NodeCondition c : existing) {
            out.add(new NodeConditionBuilder(c).build());
        }
        List<Transition> transitions = new ArrayList<>();
        pressure(out, transitions, time, "MemoryPressure", pressure.memory(),
                "KubeletHasInsufficientMemory", "kubelet has insufficient memory available", "NodeHasInsufficientMemory",
                "KubeletHasSufficientMemory", "kubelet has sufficient memory available", "NodeHasSufficientMemory");
        pressure(out, transitions, time, "DiskPressure", pressure.disk(),
                "KubeletHasDiskPressure", "kubelet has disk pressure", "NodeHasDiskPressure",
                "KubeletHasNoDiskPressure", "kubelet has no disk pressure", "NodeHasNoDiskPressure");
        pressure(out, transitions, time, "PIDPressure", pressure.pid(),
                "KubeletHasInsufficientPID", "kubelet has insufficient PID available", "NodeHasInsufficientPID",
                "KubeletHasSufficientPID", "kubelet has sufficient PID available", "NodeHasSufficientPID");
        ready(out, transitions, time, readyErrors);
        return new Result(out, transitions);
    }

    /** True when two condition lists differ in anything but heartbeat times (upstream's nodeStatusHasChanged for conditions). */
    public static boolean changed(List<NodeCondition> before, List<NodeCondition> after) {
        if (before.size() != after.size()) {
            return true;
        }
        for (int i = 0; i < before.size(); i++) {
            NodeCondition a = before.get(i);
            NodeCondition b = after.get(i);
            if (!Objects.equals(a.getType(), b.getType()) || !Objects.equals(a.getStatus(), b.getStatus())
                    || !Objects.equals(a.getReason(), b.getReason()) || !Objects.equals(a.getMessage(), b.getMessage())
                    || !Objects.equals(a.getLastTransitionTime(), b.getLastTransitionTime())) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3339 in whole seconds, as metav1.Time serialises. */
    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void pressure(List<NodeCondition> conditions, List<Transition> transitions, String time, String type, boolean under,
            String trueReason, String trueMessage, String trueEvent, String falseReason, String falseMessage, String falseEvent) {
        NodeCondition c = find(conditions, type);
        if (c == null) {
            // a new condition starts Unknown, so that the first observation is a transition
            c = new NodeConditionBuilder().withType(type).withStatus("Unknown").build();
            conditions.add(c);
        }
        c.setLastHeartbeatTime(time);
        String status = under ? "True" : "False";
        if (!status.equals(c.getStatus())) {
            c.setStatus(status);
            c.setReason(under ? trueReason : falseReason);
            c.setMessage(under ? trueMessage : falseMessage);
            c.setLastTransitionTime(time);
            transitions.add(new Transition(type, status, under ? trueEvent : falseEvent));
        }
    }

    private static void ready(List<NodeCondition> conditions, List<Transition> transitions, String time, List<String> errors) {
        boolean ready = errors.isEmpty();
        NodeCondition next = new NodeConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady")
                .withMessage(ready ? "kubelet is posting ready status" : String.join(",", errors))
                .withLastHeartbeatTime(time)
                .build();
        for (int i = 0; i < conditions.size(); i++) {
            NodeCondition old = conditions.get(i);
            if ("Ready".equals(old.getType())) {
                if (next.getStatus().equals(old.getStatus())) {
                    next.setLastTransitionTime(old.getLastTransitionTime());
                } else {
                    next.setLastTransitionTime(time);
                    transitions.add(new Transition("Ready", next.getStatus(), ready ? "NodeReady" : "NodeNotReady"));
                }
                conditions.set(i, next);
                return;
            }
        }
        next.setLastTransitionTime(time);
        conditions.add(next);
    }

    private static NodeCondition find(List<NodeCondition> conditions, String type) {
        for (NodeCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }
}
