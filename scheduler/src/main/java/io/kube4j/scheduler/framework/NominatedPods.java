package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Map;

/**
 * Pending pods nominated to a node (their {@code status.nominatedNodeName}), as upstream's
 * nominator: Filter counts the ones with at least the incoming pod's priority on their node, so
 * the room preemption made for them is not taken by others. Implementations are thread-safe.
 */
@FunctionalInterface
public interface NominatedPods {

    /** Nobody is nominated anywhere. */
    NominatedPods NONE = Map::of;

    /** The nominated pending pods by node name: a snapshot, never null. */
    Map<String, List<Pod>> byNode();

    /** The pending pods nominated to {@code nodeName}, never null. */
    default List<Pod> nominatedTo(String nodeName) {
        return byNode().getOrDefault(nodeName, List.of());
    }
}
