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

    /**
     * Upstream's evictionMessage for a disk or PID signal: "The node was low on resource: R.
     * Threshold quantity: Q, available: A. " then, for ephemeral-storage, every app container
     * whose writable layer plus logs exceed its request: "Container NAME was using U, request is
     * R, has larger consumption of ephemeral-storage. "; with upstream's annotations.
     */
    public static Eviction resourceEviction(Pod pod, Threshold threshold, Observation observation, PodStorage usage) {
        String resource = threshold.signal().resource();
        StringBuilder message = new StringBuilder("The node was low on resource: " + resource + ". ");
        message.append("Threshold quantity: ").append(thresholdText(threshold, observation))
                .append(", available: ").append(availableText(resource, observation.available())).append(". ");
        List<String> containers = new ArrayList<>();
        List<String> usages = new ArrayList<>();
        if (usage != null && resource.equals("ephemeral-storage")) {
            for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
                long used = usage.container(c.getName()).bytes();
                String request = PodRequests.requestText(c, resource);
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

    /** Bytes in binary SI, counts (inodes, PIDs) as plain numbers. */
    private static String availableText(String resource, long available) {
        return resource.equals("ephemeral-storage") || resource.equals("memory") ? Quantities.binarySi(available) : Long.toString(available);
    }

    /** "The node had condition: [MemoryPressure DiskPressure]. " (Go's slice format). */
    public static String admissionRejection(List<String> conditions) {
        return "The node had condition: [" + String.join(" ", conditions) + "]. ";
    }

    /** An absolute threshold as written; a percentage as the quantity it stands for now. */
    private static String thresholdText(Threshold threshold, Observation observation) {
        if (threshold.quantity().endsWith("%")) {
            return availableText(threshold.signal().resource(), threshold.amount(observation.capacity()));
        }
        return threshold.quantity();
    }
}
