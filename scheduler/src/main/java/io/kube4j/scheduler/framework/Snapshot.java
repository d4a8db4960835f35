package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster as one scheduling cycle sees it: a NodeInfo per node, in a stable order, with image
 * spread computed across all nodes. Read-only once built, so plugins may read it from several
 * threads; the builder of a snapshot must not mutate its NodeInfos afterwards.
 */
public final class Snapshot {

    private final List<NodeInfo> nodes;
    private final Map<String, NodeInfo> byName;

    private Snapshot(List<NodeInfo> nodes) {
        this.nodes = List.copyOf(nodes);
        Map<String, NodeInfo> m = new LinkedHashMap<>();
        for (NodeInfo n : nodes) {
            m.put(n.name(), n);
        }
        this.byName = Collections.unmodifiableMap(m);
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

    /** All nodes, in the order given when built. */
    public List<NodeInfo> nodeInfos() {
        return nodes;
    }

    /** The node called {@code name}, or null. */
    public NodeInfo get(String name) {
        return byName.get(name);
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
