package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.Copies;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.IpAddresses;
import io.kube4j.apiserver.validation.NameRules;
import io.kube4j.apiserver.validation.StatusUpdates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Nodes, as upstream's node strategy: a kubelet may set status on create; the main resource keeps
 * status on update and the status subresource keeps spec; podCIDR mirrors podCIDRs[0], each a
 * CIDR, and may only go from empty to set, like providerID; taints have qualified keys and known
 * effects; allocatable defaults to capacity. Stateless, thread-safe.
 */
public final class NodeStrategy implements ResourceStrategy<Node> {

    private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    @Override
    public void prepareForUpdate(Node node, Node old) {
        node.setStatus(Copies.deep(old.getStatus()));
    }

    @Override
    public void applyDefaults(Node node) {
        NodeSpec spec = node.getSpec();
        if (spec != null) {
            if (blank(spec.getPodCIDR()) && spec.getPodCIDRs() != null && !spec.getPodCIDRs().isEmpty()) {
                spec.setPodCIDR(spec.getPodCIDRs().get(0));
            } else if (!blank(spec.getPodCIDR()) && (spec.getPodCIDRs() == null || spec.getPodCIDRs().isEmpty())) {
                spec.setPodCIDRs(new ArrayList<>(List.of(spec.getPodCIDR())));
            }
        }
        if (node.getStatus() != null && node.getStatus().getCapacity() != null
                && node.getStatus().getAllocatable() == null) {
            node.getStatus().setAllocatable(new LinkedHashMap<>(node.getStatus().getCapacity()));
        }
    }

    @Override
    public List<FieldError> validate(Node node) {
        List<FieldError> errs = new ArrayList<>();
        NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
        List<String> cidrs = spec.getPodCIDRs() == null ? List.of() : spec.getPodCIDRs();
        for (int i = 0; i < cidrs.size(); i++) {
            if (!isCidr(cidrs.get(i))) {
                errs.add(FieldError.invalid("spec.podCIDRs[" + i + "]", cidrs.get(i),
                        "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
            }
        }
        if (cidrs.size() > 2) {
            errs.add(FieldError.invalid("spec.podCIDRs", String.join(",", cidrs),
                    "may specify no more than one CIDR for each IP family"));
        }
        List<Taint> taints = spec.getTaints() == null ? List.of() : spec.getTaints();
        for (int i = 0; i < taints.size(); i++) {
            Taint t = taints.get(i);
            String p = "spec.taints[" + i + "]";
            FieldChecks.requiredThen(errs, p + ".key", t.getKey(), NameRules::isQualifiedName);
            if (t.getValue() != null && !t.getValue().isEmpty()) {
                FieldChecks.each(errs, p + ".value", t.getValue(), NameRules::isValidLabelValue);
            }
            FieldChecks.oneOf(errs, p + ".effect", t.getEffect(), EFFECTS);
        }
        return errs;
    }

    @Override
    public List<FieldError> validateUpdate(Node node, Node old) {
        List<FieldError> errs = new ArrayList<>(validate(node));
        NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
        NodeSpec was = old.getSpec() == null ? new NodeSpec() : old.getSpec();
        if (was.getPodCIDRs() != null && !was.getPodCIDRs().isEmpty()
                && !Objects.equals(was.getPodCIDRs(), spec.getPodCIDRs())) {
            errs.add(FieldError.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
        }
        if (!blank(was.getProviderID()) && !Objects.equals(was.getProviderID(), spec.getProviderID())) {
            errs.add(FieldError.forbidden("spec.providerID",
                    "node updates may not change providerID except from \"\" to valid"));
        }
        return errs;
    }

    @Override
    public void prepareForStatusUpdate(Node node, Node old) {
        node.setSpec(Copies.deep(old.getSpec()));
        StatusUpdates.resetMetadata(node, old);
    }

    static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return false;
        }
        var ip = IpAddresses.parse(value.substring(0, slash));
        if (ip == null) {
            return false;
        }
        try {
            int bits = Integer.parseInt(value.substring(slash + 1));
            return bits >= 0 && bits <= ip.getAddress().length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
