package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One node as the scheduler sees it: the Node, the pods on it (bound or assumed), their summed
 * requests (plain, and with the scoring defaults), the node's allocatable resources, the host
 * ports in use and the images present.
 *
 * <p>Not thread-safe for mutation: a {@link Snapshot} hands NodeInfos to one scheduling cycle,
 * which only reads them (plugins may read concurrently); whoever builds or updates a NodeInfo owns
 * it exclusively meanwhile.
 */
public final class NodeInfo {

    private final Node node;
    private final Resources allocatable;
    private final List<PodInfo> pods = new ArrayList<>();
    /** The pods with a podAffinity or podAntiAffinity stanza (upstream's PodsWithAffinity). */
    private final List<PodInfo> podsWithAffinity = new ArrayList<>();
    /** The pods with at least one required anti-affinity term (upstream's PodsWithRequiredAntiAffinity). */
    private final List<PodInfo> podsWithRequiredAntiAffinity = new ArrayList<>();
    private Resources requested = Resources.ZERO;
    private Resources nonZeroRequested = Resources.ZERO;
    private final HostPortInfo usedPorts = new HostPortInfo();
    private Map<String, ImageStateSummary> imageStates = Map.of();
    /** Source of {@link #generation()}: unique across all NodeInfos, so a copy never repeats one. */
    private static final AtomicLong GENERATIONS = new AtomicLong();
    private long generation = GENERATIONS.incrementAndGet();

    /** A NodeInfo for {@code node} with no pods; allocatable is read from node.status.allocatable. */
    public NodeInfo(Node node) {
        this.node = node;
        this.allocatable = node.getStatus() == null ? Resources.ZERO : Resources.of(node.getStatus().getAllocatable());
    }

    public Node node() {
        return node;
    }

    public String name() {
        return node.getMetadata().getName();
    }

    /** The pods counted on this node, in the order added. */
    public List<PodInfo> pods() {
        return Collections.unmodifiableList(pods);
    }

    /**
     * The pods with a podAffinity or podAntiAffinity stanza, in the order added: InterPodAffinity
     * walks only these when the incoming pod has no preferred terms of its own.
     */
    public List<PodInfo> podsWithAffinity() {
        return Collections.unmodifiableList(podsWithAffinity);
    }

    /** The pods with at least one required anti-affinity term, in the order added. */
    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return Collections.unmodifiableList(podsWithRequiredAntiAffinity);
    }

    /**
     * Changes whenever this NodeInfo's pods change (and differs between any two NodeInfos), as
     * upstream's NodeInfo.Generation: whoever remembers something derived from the pods of a
     * NodeInfo may reuse it while the NodeInfo and its generation are the same.
     */
    public long generation() {
        return generation;
    }

    public Resources allocatable() {
        return allocatable;
    }

    /** The sum of the pods' effective requests. */
    public Resources requested() {
        return requested;
    }

    /** The sum of the pods' requests with the scoring defaults (100m CPU, 200 MiB memory when unset). */
    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    /** How many pods the node allows (allocatable pods). */
    public long allowedPodNumber() {
        return allocatable.pods();
    }

    public HostPortInfo usedPorts() {
        return usedPorts;
    }

    /** Images on this node by normalized name. */
    public Map<String, ImageStateSummary> imageStates() {
        return imageStates;
    }

    /** Replaces the image states (the snapshot computes the spread across nodes). */
    public void setImageStates(Map<String, ImageStateSummary> states) {
        this.imageStates = Map.copyOf(states);
    }

    /** Counts {@code pod} on this node. */
    public void addPod(Pod pod) {
        addPod(PodInfo.of(pod));
    }

    /** Counts an already wrapped pod on this node. */
    public void addPod(PodInfo info) {
        pods.add(info);
        generation = GENERATIONS.incrementAndGet();
        if (hasPodAffinity(info.pod())) {
            podsWithAffinity.add(info);
            if (hasRequiredAntiAffinity(info.pod())) {
                podsWithRequiredAntiAffinity.add(info);
            }
        }
        requested = requested.plus(info.request());
        nonZeroRequested = nonZeroRequested.plus(info.nonZeroRequest());
        for (ContainerPort p : info.hostPorts()) {
            usedPorts.add(p.getHostIP(), p.getProtocol(), p.getHostPort());
        }
    }

    /**
     * Stops counting the pod with {@code pod}'s namespace/name (by key, so a newer copy of the
     * object removes the older one).
     *
     * @return whether such a pod was on this node
     */
    public boolean removePod(Pod pod) {
        String key = PodInfo.keyOf(pod);
        for (int i = 0; i < pods.size(); i++) {
            PodInfo info = pods.get(i);
            if (info.key().equals(key)) {
                pods.remove(i);
                generation = GENERATIONS.incrementAndGet();
                if (hasPodAffinity(info.pod())) {
                    removeSame(podsWithAffinity, info);
                    removeSame(podsWithRequiredAntiAffinity, info);
                }
                requested = requested.minus(info.request());
                nonZeroRequested = nonZeroRequested.minus(info.nonZeroRequest());
                for (ContainerPort p : info.hostPorts()) {
                    usedPorts.remove(p.getHostIP(), p.getProtocol(), p.getHostPort());
                }
                return true;
            }
        }
        return false;
    }

    /** An independent copy (same Node and PodInfo objects, new collections). */
    public NodeInfo copy() {
        NodeInfo c = new NodeInfo(node);
        for (PodInfo p : pods) {
            c.addPod(p);
        }
        c.imageStates = new HashMap<>(imageStates);
        return c;
    }

    /** Removes {@code info} itself (by identity: PodInfo's equals would compare whole pods). */
    private static void removeSame(List<PodInfo> list, PodInfo info) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == info) {
                list.remove(i);
                return;
            }
        }
    }

    /** Whether {@code pod} has a podAffinity or podAntiAffinity stanza. */
    static boolean hasPodAffinity(Pod pod) {
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    /** Whether {@code pod} has at least one required anti-affinity term. */
    static boolean hasRequiredAntiAffinity(Pod pod) {
        Affinity a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        var terms = a == null || a.getPodAntiAffinity() == null ? null
                : a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return terms != null && !terms.isEmpty();
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name() + ", pods=" + pods.size() + ", requested=" + requested + "]";
    }
}
