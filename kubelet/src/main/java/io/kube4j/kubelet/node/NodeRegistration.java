package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Node a kubelet registers, and how it adopts one that already exists (upstream's initialNode
 * and tryRegisterWithAPIServer). Stateless.
 */
public final class NodeRegistration {

    /** The labels upstream reconciles on an existing Node (updateDefaultLabels). */
    static final List<String> DEFAULT_LABELS = List.of(
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
            "topology.kubernetes.io/region",
            "node.kubernetes.io/instance-type",
            "kubernetes.io/os",
            "kubernetes.io/arch",
            "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch");

    private NodeRegistration() {}

    /** The Node to create: default labels, then --node-labels (which win), the taints, podCIDR. */
    public static Node initialNode(NodeAgentOptions options) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", options.hostname());
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", NodeStatusSetter.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", NodeStatusSetter.architecture());
        labels.putAll(options.nodeLabels());
        NodeBuilder b = new NodeBuilder()
                .withNewMetadata().withName(options.nodeName()).withLabels(labels)
                    // upstream's default: volumes are attached and detached by the controller manager
                    .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .endMetadata()
                .withNewSpec().endSpec();
        if (!options.registerWithTaints().isEmpty()) {
            b.editSpec().withTaints(new ArrayList<>(options.registerWithTaints())).endSpec();
        }
        if (options.podCidr() != null && !options.podCidr().isBlank()) {
            b.editSpec().withPodCIDR(options.podCidr()).withPodCIDRs(options.podCidr()).endSpec();
        }
        return b.build();
    }

    /**
     * Brings an existing Node in line with {@code initial}: the default labels take the kubelet's
     * values (an empty one is removed) as upstream does; beyond upstream, missing --node-labels and
     * --register-with-taints are added (never removed or overwritten: an operator's edits stay) and
     * the podCIDR is set if the Node has none.
     *
     * @return whether {@code existing} was changed
     */
    public static boolean reconcile(Node initial, Node existing) {
        boolean changed = false;
        Map<String, String> labels = existing.getMetadata().getLabels() == null
                ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.getMetadata().getLabels());
        Map<String, String> wanted = initial.getMetadata().getLabels();
        for (String key : DEFAULT_LABELS) {
            if (!wanted.containsKey(key)) {
                continue;
            }
            if (!Objects.equals(labels.get(key), wanted.get(key))) {
                labels.put(key, wanted.get(key));
                changed = true;
            }
            if (labels.get(key) != null && labels.get(key).isEmpty()) {
                labels.remove(key);
            }
        }
        for (var e : wanted.entrySet()) {
            if (!labels.containsKey(e.getKey())) {
                labels.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        existing.getMetadata().setLabels(labels);
        if (existing.getSpec() == null) {
            existing.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        }
        List<Taint> taints = existing.getSpec().getTaints() == null ? new ArrayList<>() : new ArrayList<>(existing.getSpec().getTaints());
        List<Taint> initialTaints = initial.getSpec().getTaints() == null ? List.of() : initial.getSpec().getTaints();
        for (Taint t : initialTaints) {
            boolean present = taints.stream().anyMatch(x -> Objects.equals(x.getKey(), t.getKey()) && Objects.equals(x.getEffect(), t.getEffect()));
            if (!present) {
                taints.add(t);
                changed = true;
            }
        }
        existing.getSpec().setTaints(taints);
        String cidr = initial.getSpec().getPodCIDR();
        if (cidr != null && (existing.getSpec().getPodCIDR() == null || existing.getSpec().getPodCIDR().isEmpty())) {
            existing.getSpec().setPodCIDR(cidr);
            existing.getSpec().setPodCIDRs(List.of(cidr));
            changed = true;
        }
        return changed;
    }
}
