package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private Resources requested = Resources.ZERO;
    private Resources nonZeroRequested = Resources.ZERO;
    private final HostPortInfo usedPorts = new HostPortInfo();
    private Map<String, ImageStateSummary> imageStates = Map.of();

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

    @Override
    public String toString() {
        return "NodeInfo[" + name() + ", pods=" + pods.size() + ", requested=" + requested + "]";
    }
}
