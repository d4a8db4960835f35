package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.ClusterEvent.Action;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node update means for pending pods, as upstream's nodeSchedulingPropertiesChange: each
 * changed scheduling property becomes one {@link ClusterEvent} (allocatable, labels, taints or
 * unschedulable, condition statuses). Updates that touch nothing the plugins read (heartbeats,
 * resource versions) produce no event. Stateless.
 */
public final class NodeUpdates {

    private NodeUpdates() {
    }

    /** The events for a change from {@code oldNode} to {@code newNode}, in a fixed order; empty if none. */
    public static List<ClusterEvent> events(Node oldNode, Node newNode) {
        List<ClusterEvent> out = new ArrayList<>();
        if (!Objects.equals(allocatable(oldNode), allocatable(newNode))) {
            out.add(node(Action.UPDATE_NODE_ALLOCATABLE));
        }
        if (!Objects.equals(oldNode.getMetadata().getLabels(), newNode.getMetadata().getLabels())) {
            out.add(node(Action.UPDATE_NODE_LABEL));
        }
        // Upstream counts a change of spec.unschedulable as a taint change: both gate placement.
        if (!Objects.equals(taints(oldNode), taints(newNode)) || unschedulable(oldNode) != unschedulable(newNode)) {
            out.add(node(Action.UPDATE_NODE_TAINT));
        }
        if (!conditionStatuses(oldNode).equals(conditionStatuses(newNode))) {
            out.add(node(Action.UPDATE_NODE_CONDITION));
        }
        return out;
    }

    private static ClusterEvent node(Action action) {
        return new ClusterEvent("Node", action);
    }

    private static Object allocatable(Node n) {
        NodeStatus s = n.getStatus();
        return s == null || s.getAllocatable() == null ? Map.of() : s.getAllocatable();
    }

    private static Object taints(Node n) {
        NodeSpec s = n.getSpec();
        return s == null || s.getTaints() == null ? List.of() : s.getTaints();
    }

    private static boolean unschedulable(Node n) {
        return n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }

    /** Condition type to status only: heartbeat and transition times change without meaning. */
    private static Map<String, String> conditionStatuses(Node n) {
        Map<String, String> out = new HashMap<>();
        if (n.getStatus() != null && n.getStatus().getConditions() != null) {
            for (NodeCondition c : n.getStatus().getConditions()) {
                out.put(c.getType(), c.getStatus());
            }
        }
        return out;
    }
}
