package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.kubelet.node.Quantities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
        return withOffenders(message, pod, resource, c -> usage.map(u -> u.containerWorkingSet().get(c.getName())).orElse(null),
                PodRequests::memoryText);
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
        boolean storage = usage != null && resource.equals("ephemeral-storage");
        return withOffenders(message, pod, resource, c -> storage ? usage.container(c.getName()).bytes() : null,
                c -> PodRequests.requestText(c, resource));
    }

    /**
     * Ends {@code message} with every app container whose usage ({@code used}; null: unknown) is
     * over its request ("Container NAME was using U, request is R, has larger consumption of
     * RESOURCE. "), and makes the eviction with upstream's offending-container annotations.
     */
    private static Eviction withOffenders(StringBuilder message, Pod pod, String resource, Function<Container, Long> used,
            Function<Container, String> request) {
        List<String> containers = new ArrayList<>();
        List<String> usages = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers() == null ? List.<Container>of() : pod.getSpec().getContainers()) {
            Long bytes = used.apply(c);
            String requested = request.apply(c);
            if (bytes != null && bytes > Quantities.value(requested)) {
                String usedText = Quantities.binarySi(bytes);
                message.append("Container ").append(c.getName()).append(" was using ").append(usedText)
                        .append(", request is ").append(requested).append(", has larger consumption of ").append(resource).append(". ");
                containers.add(c.getName());
                usages.add(usedText);
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
