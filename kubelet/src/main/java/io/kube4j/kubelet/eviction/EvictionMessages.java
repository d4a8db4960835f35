package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.node.Quantities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Upstream's eviction and admission texts. Stateless. */
public final class EvictionMessages {

    private EvictionMessages() {}

    /**
     * "The node was low on resource: memory. Threshold quantity: Q, available: A. " then, for every
     * container using more than it requests, "Container NAME was using U, request is R, has larger
     * consumption of memory. "; with upstream's annotations.
     */
    public static Eviction memoryEviction(Pod pod, Threshold threshold, Observation observation, Optional<PodUsage> usage) {
        String resource = threshold.signal().resource();
        StringBuilder message = new StringBuilder("The node was low on resource: " + resource + ". ");
        message.append("Threshold quantity: ").append(thresholdText(threshold, observation))
                .append(", available: ").append(Quantities.binarySi(observation.available())).append(". ");
        List<String> containers = new ArrayList<>();
        List<String> usages = new ArrayList<>();
        if (usage.isPresent()) {
            List<Container> specContainers = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
            for (Container c : specContainers) {
                Long used = usage.get().containerWorkingSet().get(c.getName());
                if (used == null) {
                    continue;
                }
                String request = PodRequests.memoryText(c);
                if (used > Quantities.value(request)) {
                    String usedText = Quantities.binarySi(used);
                    message.append("Container ").append(c.getName()).append(" was using ").append(usedText)
                            .append(", request is ").append(request).append(", has larger consumption of ").append(resource).append(". ");
                    containers.add(c.getName());
                    usages.add(usedText);
                }
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("offending_containers", String.join(",", containers));
        annotations.put("offending_containers_usage", String.join(",", usages));
        annotations.put("starved_resource", resource);
        return new Eviction(Eviction.REASON, message.toString(), annotations, 1);
    }

    /** "The node had condition: [MemoryPressure DiskPressure]. " (Go's slice format). */
    public static String admissionRejection(List<String> conditions) {
        return "The node had condition: [" + String.join(" ", conditions) + "]. ";
    }

    /** An absolute threshold as written; a percentage as the quantity it stands for now. */
    private static String thresholdText(Threshold threshold, Observation observation) {
        if (threshold.quantity().endsWith("%")) {
            return Quantities.binarySi(threshold.amount(observation.capacity()));
        }
        return threshold.quantity();
    }
}
