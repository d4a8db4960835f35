package io.kube4j.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The taints the node lifecycle controller owns (upstream's well-known node taints) and pure
 * helpers over a node's taints and conditions. Stateless; never modifies the nodes passed in.
 */
public final class NodeTaints {

    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String NO_SCHEDULE = "NoSchedule";

    /** The NoSchedule taint keys derived from conditions or spec.unschedulable (upstream's taintKeyToNodeConditionMap). */
    static final List<String> CONDITION_TAINT_KEYS = List.of(NOT_READY, UNREACHABLE, MEMORY_PRESSURE, DISK_PRESSURE,
            PID_PRESSURE, NETWORK_UNAVAILABLE, UNSCHEDULABLE);

    private NodeTaints() {
    }

    /** A taint with no value; {@code timeAdded} (RFC 3339) is null for NoSchedule taints. */
    public static Taint taint(String key, String effect, String timeAdded) {
        return new io.fabric8.kubernetes.api.model.TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(timeAdded).build();
    }

    /** The node's taints (never null). */
    public static List<Taint> of(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** The node's NoExecute taints. */
    public static List<Taint> noExecute(Node node) {
        return of(node).stream().filter(t -> NO_EXECUTE.equals(t.getEffect())).toList();
    }

    /** Whether the node has a taint with this key and effect. */
    public static boolean has(Node node, String key, String effect) {
        return of(node).stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect()));
    }

    /** The named condition, or null. */
    public static NodeCondition condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /**
     * The NoSchedule taints the node's conditions and spec.unschedulable call for (upstream's
     * TaintNodesByCondition): Ready False/Unknown, the pressure conditions when True, and
     * unschedulable.
     */
    static List<Taint> desiredConditionTaints(Node node) {
        List<Taint> out = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                String key = switch (c.getType() + "=" + c.getStatus()) {
                    case "Ready=False" -> NOT_READY;
                    case "Ready=Unknown" -> UNREACHABLE;
                    case "MemoryPressure=True" -> MEMORY_PRESSURE;
                    case "DiskPressure=True" -> DISK_PRESSURE;
                    case "PIDPressure=True" -> PID_PRESSURE;
                    case "NetworkUnavailable=True" -> NETWORK_UNAVAILABLE;
                    default -> null;
                };
                if (key != null) {
                    out.add(taint(key, NO_SCHEDULE, null));
                }
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            out.add(taint(UNSCHEDULABLE, NO_SCHEDULE, null));
        }
        return out;
    }

    /**
     * The node's taints with the condition-derived NoSchedule taints replaced by {@code desired};
     * every other taint is kept as it is.
     */
    static List<Taint> withConditionTaints(Node node, List<Taint> desired) {
        List<Taint> out = new ArrayList<>();
        for (Taint t : of(node)) {
            boolean managed = NO_SCHEDULE.equals(t.getEffect()) && CONDITION_TAINT_KEYS.contains(t.getKey());
            if (!managed) {
                out.add(t);
            }
        }
        for (Taint d : desired) {
            Taint kept = of(node).stream()
                    .filter(t -> Objects.equals(t.getKey(), d.getKey()) && Objects.equals(t.getEffect(), d.getEffect()))
                    .findFirst().orElse(d);
            out.add(kept);
        }
        return out;
    }

    /** Whether two taint lists hold the same key/effect pairs. */
    static boolean sameKeys(List<Taint> a, List<Taint> b) {
        return keys(a).equals(keys(b));
    }

    private static java.util.Set<String> keys(List<Taint> taints) {
        java.util.Set<String> out = new java.util.HashSet<>();
        taints.forEach(t -> out.add(t.getKey() + ":" + t.getEffect()));
        return out;
    }
}
