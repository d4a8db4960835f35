package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The cluster as one scheduling cycle sees it: a NodeInfo per node, in a stable order, with image
 * spread computed across all nodes. Read-only once built, so plugins may read it from several
 * threads; the builder of a snapshot must not mutate its NodeInfos afterwards.
 */
public final class Snapshot {

    private final List<NodeInfo> nodes;
    /** Node name to its index in {@link #nodes}; shared by snapshots derived with {@link #withReplaced}. */
    private final Map<String, Integer> positions;
    /** The nodes with at least one pod with (anti-)affinity (upstream's HavePodsWithAffinityList). */
    private final List<NodeInfo> withPodsWithAffinity;
    /** The nodes with at least one pod with required anti-affinity. */
    private final List<NodeInfo> withPodsWithRequiredAntiAffinity;

    private Snapshot(List<NodeInfo> nodes) {
        this.nodes = List.copyOf(nodes);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            m.put(this.nodes.get(i).name(), i);
        }
        this.positions = Collections.unmodifiableMap(m);
        this.withPodsWithAffinity = having(NodeInfo::podsWithAffinity, this.nodes, List.of(), Map.of());
        this.withPodsWithRequiredAntiAffinity = having(NodeInfo::podsWithRequiredAntiAffinity, this.nodes, List.of(), Map.of());
    }

    private Snapshot(List<NodeInfo> nodes, Map<String, Integer> positions, List<NodeInfo> withPodsWithAffinity,
                     List<NodeInfo> withPodsWithRequiredAntiAffinity) {
        this.nodes = nodes;
        this.positions = positions;
        this.withPodsWithAffinity = withPodsWithAffinity;
        this.withPodsWithRequiredAntiAffinity = withPodsWithRequiredAntiAffinity;
    }

    /**
     * Builds a snapshot: pods are counted on the node their {@code spec.nodeName} names (pods
     * with no node or an unknown node are ignored); image states get their node counts.
     */
    public static Snapshot of(List<Node> nodes, List<Pod> pods) {
        Map<String, NodeInfo> infos = new LinkedHashMap<>();
        for (Node n : nodes) {
            infos.put(n.getMetadata().getName(), new NodeInfo(n));
        }
        for (Pod p : pods) {
            String nodeName = p.getSpec() == null ? null : p.getSpec().getNodeName();
            NodeInfo info = nodeName == null ? null : infos.get(nodeName);
            if (info != null) {
                info.addPod(p);
            }
        }
        return fromNodeInfos(new ArrayList<>(infos.values()));
    }

    /** A snapshot over existing NodeInfos (taken over, not copied); image states are recomputed. */
    public static Snapshot fromNodeInfos(List<NodeInfo> infos) {
        Map<String, Integer> nodesWithImage = new HashMap<>();
        for (NodeInfo info : infos) {
            for (String name : imageNames(info.node())) {
                nodesWithImage.merge(name, 1, Integer::sum);
            }
        }
        for (NodeInfo info : infos) {
            Map<String, ImageStateSummary> states = new HashMap<>();
            var status = info.node().getStatus();
            if (status != null && status.getImages() != null) {
                for (ContainerImage image : status.getImages()) {
                    long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                    for (String name : namesOf(image)) {
                        states.put(name, new ImageStateSummary(size, nodesWithImage.getOrDefault(name, 1)));
                    }
                }
            }
            info.setImageStates(states);
        }
        return new Snapshot(infos);
    }

    /**
     * A snapshot over NodeInfos taken over as they are: their image states are <em>not</em>
     * recomputed (the caller, e.g. an incremental cache, already did). The caller must not mutate
     * them afterwards.
     */
    public static Snapshot ofPrepared(List<NodeInfo> infos) {
        return new Snapshot(infos);
    }

    /**
     * This snapshot with the NodeInfos of some of its nodes replaced (same names, same order, image
     * states taken over as they are), for an incremental cache: O(nodes) copying of references
     * and no rebuilt index, where building a snapshot anew hashes every node name.
     *
     * @param replaced NodeInfos by node name; the caller must not mutate them afterwards
     * @throws IllegalArgumentException if a name is not a node of this snapshot
     */
    public Snapshot withReplaced(Map<String, NodeInfo> replaced) {
        if (replaced.isEmpty()) {
            return this;
        }
        NodeInfo[] next = nodes.toArray(new NodeInfo[0]);
        for (Map.Entry<String, NodeInfo> e : replaced.entrySet()) {
            Integer i = positions.get(e.getKey());
            if (i == null || !e.getValue().name().equals(e.getKey())) {
                throw new IllegalArgumentException("node " + e.getKey() + " is not in this snapshot");
            }
            next[i] = e.getValue();
        }
        Collection<NodeInfo> changed = replaced.values();
        // An unmodifiable view of the fresh array: List.of would copy the 5,000 references once more.
        return new Snapshot(Collections.unmodifiableList(Arrays.asList(next)), positions, having(NodeInfo::podsWithAffinity, changed, withPodsWithAffinity, replaced),
                having(NodeInfo::podsWithRequiredAntiAffinity, changed,
                withPodsWithRequiredAntiAffinity, replaced));
    }

    /**
     * The nodes holding at least one pod with a podAffinity or podAntiAffinity stanza, in no
     * particular order: who needs only those pods (InterPodAffinity's scoring of existing pods'
     * terms) walks this instead of every node.
     */
    public List<NodeInfo> nodesWithPodsWithAffinity() {
        return withPodsWithAffinity;
    }

    /**
     * The nodes holding at least one pod with a required anti-affinity term, in no particular
     * order (InterPodAffinity's PreFilter for a pod without required terms of its own).
     */
    public List<NodeInfo> nodesWithPodsWithRequiredAntiAffinity() {
        return withPodsWithRequiredAntiAffinity;
    }

    /**
     * {@code previous} without the nodes named in {@code replacedByName}, plus those of
     * {@code candidates} for which {@code pods} is not empty: O(previous + candidates), so an
     * incremental snapshot does not walk every node for it.
     */
    private static List<NodeInfo> having(Function<NodeInfo, List<PodInfo>> pods, Collection<NodeInfo> candidates,
                                         List<NodeInfo> previous, Map<String, NodeInfo> replacedByName) {
        List<NodeInfo> out = new ArrayList<>();
        for (NodeInfo n : previous) {
            if (!replacedByName.containsKey(n.name())) {
                out.add(n);
            }
        }
        for (NodeInfo n : candidates) {
            if (!pods.apply(n).isEmpty()) {
                out.add(n);
            }
        }
        return out.isEmpty() ? List.of() : List.copyOf(out);
    }

    /** All nodes, in the order given when built. */
    public List<NodeInfo> nodeInfos() {
        return nodes;
    }

    /** The node called {@code name}, or null. */
    public NodeInfo get(String name) {
        Integer i = positions.get(name);
        return i == null ? null : nodes.get(i);
    }

    public int numNodes() {
        return nodes.size();
    }

    private static Set<String> imageNames(Node node) {
        Set<String> names = new HashSet<>();
        if (node.getStatus() != null && node.getStatus().getImages() != null) {
            for (ContainerImage image : node.getStatus().getImages()) {
                names.addAll(namesOf(image));
            }
        }
        return names;
    }

    private static Set<String> namesOf(ContainerImage image) {
        Set<String> names = new HashSet<>();
        if (image.getNames() != null) {
            for (String n : image.getNames()) {
                names.add(ImageStateSummary.normalizedName(n));
            }
        }
        return names;
    }
}
