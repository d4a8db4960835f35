package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's view of the cluster: every node, every pod assigned to a node, and the pods the
 * scheduler has <em>assumed</em> onto a node before the apiserver confirmed the binding, so that
 * the next cycle already sees the resources taken (as upstream's scheduler cache).
 *
 * <p>An assumed pod becomes an ordinary assigned pod when the informer delivers it with a node
 * name ({@link #addOrUpdatePod}); a failed binding drops it ({@link #forget}). Thread-safe (one
 * monitor): informer threads write, the scheduling loop reads {@link #snapshot()}.
 */
public final class SchedulerCache {

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new HashMap<>();
    private final Set<String> assumed = new HashSet<>();

    /** A node was added or changed. */
    public synchronized void addOrUpdateNode(Node node) {
        nodes.put(node.getMetadata().getName(), node);
    }

    /** A node was deleted; pods that still name it stay cached but are not counted anywhere. */
    public synchronized void removeNode(String name) {
        nodes.remove(name);
    }

    /**
     * A pod with {@code spec.nodeName} set was seen (added or updated) by the informer. Replaces
     * an assumed copy: the binding is confirmed.
     *
     * @throws IllegalArgumentException if the pod has no node name
     */
    public synchronized void addOrUpdatePod(Pod pod) {
        if (!isAssigned(pod)) {
            throw new IllegalArgumentException("pod " + PodInfo.keyOf(pod) + " is not assigned to a node");
        }
        String key = PodInfo.keyOf(pod);
        assumed.remove(key);
        pods.put(key, pod);
    }

    /** A pod was deleted (or finished): it no longer takes room, whether bound or assumed. */
    public synchronized void removePod(Pod pod) {
        String key = PodInfo.keyOf(pod);
        assumed.remove(key);
        pods.remove(key);
    }

    /**
     * Counts {@code pod} on {@code nodeName} ahead of the binding.
     *
     * @throws IllegalStateException if the pod is already cached (assumed or assigned)
     */
    public synchronized void assume(Pod pod, String nodeName) {
        String key = PodInfo.keyOf(pod);
        if (pods.containsKey(key)) {
            throw new IllegalStateException("pod " + key + " is already in the cache");
        }
        Pod copy = new PodBuilder(pod).editOrNewSpec().withNodeName(nodeName).endSpec().build();
        pods.put(key, copy);
        assumed.add(key);
    }

    /** Drops an assumed pod after its binding failed; a confirmed pod is left alone. */
    public synchronized void forget(Pod pod) {
        String key = PodInfo.keyOf(pod);
        if (assumed.remove(key)) {
            pods.remove(key);
        }
    }

    /** Whether {@code key} (namespace/name) is assumed and not yet confirmed. */
    public synchronized boolean isAssumed(String key) {
        return assumed.contains(key);
    }

    /** Whether a pod with {@code key} is cached, assumed or assigned. */
    public synchronized boolean contains(String key) {
        return pods.containsKey(key);
    }

    /** The node called {@code name}, or null. */
    public synchronized Node node(String name) {
        return nodes.get(name);
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    /**
     * A fresh snapshot for one scheduling cycle: nodes in the order first seen, each with the
     * assigned and assumed pods naming it. Rebuilt in full each call (O(nodes + pods)).
     */
    public synchronized Snapshot snapshot() {
        return Snapshot.of(new ArrayList<>(nodes.values()), new ArrayList<>(pods.values()));
    }

    /** Whether the pod names a node. */
    static boolean isAssigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }
}
