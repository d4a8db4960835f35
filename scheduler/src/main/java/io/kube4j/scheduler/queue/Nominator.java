package io.kube4j.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pending pods that carry a {@code status.nominatedNodeName}, indexed by that node, as
 * upstream's nominator. A pod stays indexed from the moment the queue sees it nominated until it
 * is deleted from the queue (bound, gone, or no longer ours), including while it is popped and in
 * flight. {@link #byNode()} hands out an immutable view, rebuilt only after a nomination changed,
 * so a scheduling cycle pays nothing when nobody is nominated.
 *
 * <p>Not thread-safe: the {@link SchedulingQueue} calls it under its lock.
 */
final class Nominator {

    private final Map<String, Map<String, Pod>> byNode = new HashMap<>();
    private final Map<String, String> nodeOf = new HashMap<>();
    private Map<String, List<Pod>> view = Map.of();

    /** Records {@code pod}'s nomination as it is now (none drops an earlier one). */
    void update(Pod pod) {
        String key = PodInfo.keyOf(pod);
        String node = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        boolean nominated = node != null && !node.isEmpty();
        if (!nominated && !nodeOf.containsKey(key)) {
            return;
        }
        remove(key);
        if (nominated) {
            nodeOf.put(key, node);
            byNode.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(key, pod);
        }
        view = null;
    }

    /** Forgets the pod with {@code key} (namespace/name), if indexed. */
    void delete(String key) {
        if (remove(key)) {
            view = null;
        }
    }

    /** The nominated pods by node name: an immutable snapshot. */
    Map<String, List<Pod>> byNode() {
        if (view == null) {
            Map<String, List<Pod>> copy = new HashMap<>();
            byNode.forEach((node, pods) -> copy.put(node, List.copyOf(new ArrayList<>(pods.values()))));
            view = Map.copyOf(copy);
        }
        return view;
    }

    private boolean remove(String key) {
        String old = nodeOf.remove(key);
        if (old == null) {
            return false;
        }
        Map<String, Pod> pods = byNode.get(old);
        pods.remove(key);
        if (pods.isEmpty()) {
            byNode.remove(old);
        }
        return true;
    }
}
