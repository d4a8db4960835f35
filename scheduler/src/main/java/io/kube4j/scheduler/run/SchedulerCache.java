package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The scheduler's view of the cluster: every node, every pod assigned to a node, and the pods the
 * scheduler has <em>assumed</em> onto a node before the apiserver confirmed the binding, so that
 * the next cycle already sees the resources taken (as upstream's scheduler cache).
 *
 * <p>An assumed pod becomes an ordinary assigned pod when the informer delivers it with a node
 * name ({@link #addOrUpdatePod}); a failed binding drops it ({@link #forget}). Assumed pods never
 * expire on a timer: upstream set that TTL to zero after expiry raced with slow bindings and
 * double-counted room (kubernetes#106361). Thread-safe (one
 * monitor): informer threads write, the scheduling loop reads {@link #snapshot()}.
 *
 * <p>Incremental, as upstream's cache: it keeps one NodeInfo per node, updated in place on each
 * event (a pod's requests are parsed once per event, not once per cycle), and remembers which
 * nodes changed since the last snapshot. {@link #snapshot()} clones only those and reuses the
 * previous snapshot's NodeInfos for the others (they are never mutated once handed out).
 */
public final class SchedulerCache {

    /** The cache's own NodeInfos (never handed out), in the order nodes were first seen. */
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, Pod> pods = new HashMap<>();
    /**
     * Assumed pods (namespace/name) and the node each is assumed on. The cached object is the
     * queued pod itself, not a copy with spec.nodeName set: copying a fabric8 pod (a deep copy
     * through its builder) was the largest cost of assume, and the cache and plugins place a pod by
     * the NodeInfo holding it.
     */
    private final Map<String, String> assumed = new HashMap<>();
    /** Pods naming a node the cache does not know (yet): counted once it appears. */
    private final Map<String, Map<String, PodInfo>> orphans = new HashMap<>();
    /** Nodes whose NodeInfo changed since {@link #last} was built. */
    private final Set<String> dirty = new HashSet<>();
    /** A node was added or removed, or its images changed: the image spread must be recomputed. */
    private boolean nodesChanged = true;
    private Snapshot last;

    /** A node was added or changed. */
    public synchronized void addOrUpdateNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo old = nodes.get(name);
        NodeInfo info = new NodeInfo(node);
        if (old == null) {
            Map<String, PodInfo> waiting = orphans.remove(name);
            if (waiting != null) {
                waiting.values().forEach(info::addPod);
            }
            nodesChanged = true;
        } else {
            old.pods().forEach(info::addPod);
            if (sameImages(old.node(), node)) {
                info.setImageStates(old.imageStates());
            } else {
                nodesChanged = true;
            }
        }
        nodes.put(name, info);
        dirty.add(name);
    }

    /** A node was deleted; pods that still name it stay cached but are not counted anywhere. */
    public synchronized void removeNode(String name) {
        NodeInfo old = nodes.remove(name);
        if (old != null) {
            Map<String, PodInfo> waiting = orphans.computeIfAbsent(name, n -> new LinkedHashMap<>());
            old.pods().forEach(p -> waiting.put(p.key(), p));
            nodesChanged = true;
        }
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
        Pod old = pods.put(key, pod);
        if (old != null) {
            uncount(old, cachedNode(key, old));
        }
        assumed.remove(key);
        count(PodInfo.of(pod), pod.getSpec().getNodeName());
    }

    /** A pod was deleted (or finished): it no longer takes room, whether bound or assumed. */
    public synchronized void removePod(Pod pod) {
        String key = PodInfo.keyOf(pod);
        Pod old = pods.remove(key);
        if (old != null) {
            uncount(old, cachedNode(key, old));
        }
        assumed.remove(key);
    }

    /**
     * Counts {@code pod} on {@code nodeName} ahead of the binding.
     *
     * @throws IllegalStateException if the pod is already cached (assumed or assigned)
     */
    public synchronized void assume(Pod pod, String nodeName) {
        assume(PodInfo.of(pod), nodeName);
    }

    /**
     * As {@link #assume(Pod, String)}, reusing the requests and ports already derived from the pod
     * (the queued pod's {@link PodInfo}). The pod object is kept as it is, not modified.
     *
     * @throws IllegalStateException if the pod is already cached (assumed or assigned)
     */
    public synchronized void assume(PodInfo info, String nodeName) {
        String key = info.key();
        if (pods.containsKey(key)) {
            throw new IllegalStateException("pod " + key + " is already in the cache");
        }
        pods.put(key, info.pod());
        assumed.put(key, nodeName);
        count(info, nodeName);
    }

    /** Drops an assumed pod after its binding failed; a confirmed pod is left alone. */
    public synchronized void forget(Pod pod) {
        String key = PodInfo.keyOf(pod);
        String nodeName = assumed.remove(key);
        if (nodeName != null) {
            Pod old = pods.remove(key);
            if (old != null) {
                uncount(old, nodeName);
            }
        }
    }

    /** Whether {@code key} (namespace/name) is assumed and not yet confirmed. */
    public synchronized boolean isAssumed(String key) {
        return assumed.containsKey(key);
    }

    /** Whether a pod with {@code key} is cached, assumed or assigned. */
    public synchronized boolean contains(String key) {
        return pods.containsKey(key);
    }

    /** The node called {@code name}, or null. */
    public synchronized Node node(String name) {
        NodeInfo info = nodes.get(name);
        return info == null ? null : info.node();
    }

    public synchronized int nodeCount() {
        return nodes.size();
    }

    /**
     * A snapshot for one scheduling cycle: nodes in the order first seen, each with the assigned
     * and assumed pods naming it. Only NodeInfos changed since the previous snapshot are cloned
     * (O(changed nodes' pods) plus O(nodes) for the list); the previous snapshot is returned
     * as it is when nothing changed. Image spread is recomputed only after node changes.
     */
    public synchronized Snapshot snapshot() {
        if (last != null && dirty.isEmpty() && !nodesChanged) {
            return last;
        }
        if (last == null || nodesChanged) {
            List<NodeInfo> infos = new ArrayList<>(nodes.size());
            // Recomputes every master's image states, then clones all of them.
            Snapshot.fromNodeInfos(new ArrayList<>(nodes.values()));
            for (NodeInfo master : nodes.values()) {
                infos.add(master.copy());
            }
            last = Snapshot.ofPrepared(infos);
        } else {
            // Same nodes in the same order: only the changed ones are cloned and swapped in.
            Map<String, NodeInfo> changed = new HashMap<>();
            for (String name : dirty) {
                NodeInfo master = nodes.get(name);
                if (master != null) {
                    changed.put(name, master.copy());
                }
            }
            last = last.withReplaced(changed);
        }
        dirty.clear();
        nodesChanged = false;
        return last;
    }

    /** The node a cached pod counts on: where it is assumed, else its spec.nodeName. */
    private String cachedNode(String key, Pod cached) {
        String assumedOn = assumed.get(key);
        return assumedOn != null ? assumedOn : cached.getSpec().getNodeName();
    }

    private void count(PodInfo info, String nodeName) {
        NodeInfo node = nodes.get(nodeName);
        if (node == null) {
            orphans.computeIfAbsent(nodeName, n -> new LinkedHashMap<>()).put(info.key(), info);
            return;
        }
        node.addPod(info);
        dirty.add(nodeName);
    }

    private void uncount(Pod pod, String nodeName) {
        NodeInfo node = nodes.get(nodeName);
        if (node != null) {
            if (node.removePod(pod)) {
                dirty.add(nodeName);
            }
            return;
        }
        Map<String, PodInfo> waiting = orphans.get(nodeName);
        if (waiting != null) {
            waiting.remove(PodInfo.keyOf(pod));
            if (waiting.isEmpty()) {
                orphans.remove(nodeName);
            }
        }
    }

    private static boolean sameImages(Node a, Node b) {
        var sa = a.getStatus() == null ? null : a.getStatus().getImages();
        var sb = b.getStatus() == null ? null : b.getStatus().getImages();
        return Objects.equals(sa, sb);
    }

    /** Whether the pod names a node. */
    static boolean isAssigned(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }
}
