package io.kube4j.scheduler.framework;

import java.util.ArrayList;
import java.util.List;

/**
 * A change in the cluster that may make unschedulable pods schedulable: a resource kind and what
 * happened to it. {@link #WILDCARD} matches every pod (used when unschedulable pods time out).
 *
 * @param resource the kind, e.g. {@code "Node"}, {@code "Pod"}, or {@code "*"}
 * @param action   the change, or {@link Action#ALL}
 */
public record ClusterEvent(String resource, Action action) {

    /** What happened to the resource. */
    public enum Action {
        ADD, DELETE, UPDATE_NODE_ALLOCATABLE, UPDATE_NODE_LABEL, UPDATE_NODE_TAINT, UPDATE_NODE_CONDITION, UPDATE, ALL
    }

    public static final ClusterEvent WILDCARD = new ClusterEvent("*", Action.ALL);
    public static final ClusterEvent NODE_ADD = new ClusterEvent("Node", Action.ADD);
    public static final ClusterEvent ASSIGNED_POD_DELETE = new ClusterEvent("Pod", Action.DELETE);
    public static final ClusterEvent UNSCHEDULABLE_TIMEOUT = new ClusterEvent("*", Action.ALL);

    /**
     * Node events for a plugin whose verdict depends on nodes: Add plus the given updates. As
     * upstream does without queueing hints, every plugin that registers Node/Add also registers
     * taint and label updates, so a node that was skipped while not ready is not missed.
     */
    public static List<ClusterEvent> nodeEvents(Action... updates) {
        List<ClusterEvent> out = new ArrayList<>();
        out.add(NODE_ADD);
        out.add(new ClusterEvent("Node", Action.UPDATE_NODE_TAINT));
        out.add(new ClusterEvent("Node", Action.UPDATE_NODE_LABEL));
        for (Action a : updates) {
            ClusterEvent e = new ClusterEvent("Node", a);
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether an event that registered interest as {@code this} is triggered by {@code actual}:
     * the resource matches (or either is "*") and the action matches (or either is ALL; a plain
     * UPDATE registration covers every UPDATE_* kind).
     */
    public boolean covers(ClusterEvent actual) {
        boolean resourceMatches = resource.equals("*") || actual.resource.equals("*") || resource.equals(actual.resource);
        boolean actionMatches = action == Action.ALL || actual.action == Action.ALL || action == actual.action
                || (action == Action.UPDATE && actual.action.name().startsWith("UPDATE"));
        return resourceMatches && actionMatches;
    }
}
