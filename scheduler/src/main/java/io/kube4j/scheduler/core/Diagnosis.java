package io.kube4j.scheduler.core;

import io.kube4j.scheduler.framework.Status;

import java.util.Map;
import java.util.Set;

/**
 * Why a pod fit no node: the rejection status of every node that was filtered, the status that
 * stands for all nodes not listed (set when PreFilter rejected the pod or narrowed the nodes),
 * the plugins that rejected it (the queue retries it when events concerning them happen), and
 * the PreFilter and PostFilter messages. Immutable.
 *
 * @param nodeToStatus        rejection status by node name, for nodes that were filtered
 * @param absentNodesStatus   the status of every node not in {@code nodeToStatus}, or null
 * @param unschedulablePlugins names of the plugins that rejected the pod
 * @param preFilterMsg        the PreFilter rejection message, or ""
 * @param postFilterMsg       the PostFilter (preemption) message, or ""
 */
public record Diagnosis(Map<String, Status> nodeToStatus, Status absentNodesStatus, Set<String> unschedulablePlugins,
                        String preFilterMsg, String postFilterMsg) {

    public Diagnosis {
        nodeToStatus = Map.copyOf(nodeToStatus);
        unschedulablePlugins = Set.copyOf(unschedulablePlugins);
        preFilterMsg = preFilterMsg == null ? "" : preFilterMsg;
        postFilterMsg = postFilterMsg == null ? "" : postFilterMsg;
    }

    /** This diagnosis with the PostFilter message set. */
    public Diagnosis withPostFilterMsg(String msg) {
        return new Diagnosis(nodeToStatus, absentNodesStatus, unschedulablePlugins, preFilterMsg, msg);
    }
}
