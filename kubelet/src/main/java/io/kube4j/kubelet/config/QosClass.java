package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A pod's quality-of-service class, computed as upstream's GetPodQOS. */
public enum QosClass {
    GUARANTEED("Guaranteed"),
    BURSTABLE("Burstable"),
    BEST_EFFORT("BestEffort");

    private static final Set<String> COMPUTE = Set.of("cpu", "memory");

    private final String apiName;

    QosClass(String apiName) {
        this.apiName = apiName;
    }

    /** The name in pod status (status.qosClass). */
    public String apiName() {
        return apiName;
    }

    /**
     * The pod's class: its status.qosClass when set, else from the cpu and memory requests and
     * limits of all its containers (init included): none at all is BestEffort; every container
     * with cpu and memory limits equal (in sum) to the requests is Guaranteed; else Burstable.
     */
    public static QosClass of(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getQosClass() != null) {
            for (QosClass q : values()) {
                if (q.apiName.equals(pod.getStatus().getQosClass())) {
                    return q;
                }
            }
        }
        return compute(pod);
    }

    /** From the spec only (ignores status.qosClass). */
    public static QosClass compute(Pod pod) {
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getContainers() != null) {
            all.addAll(pod.getSpec().getContainers());
        }
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (Container c : all) {
            sum(Quantities.requests(c), requests);
            Set<String> found = sum(Quantities.limits(c), limits);
            if (!found.containsAll(COMPUTE)) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return BEST_EFFORT;
        }
        if (guaranteed) {
            for (var e : requests.entrySet()) {
                BigDecimal lim = limits.get(e.getKey());
                if (lim == null || lim.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? GUARANTEED : BURSTABLE;
    }

    private static Set<String> sum(Map<String, Quantity> from, Map<String, BigDecimal> into) {
        Set<String> found = new java.util.HashSet<>();
        from.forEach((name, q) -> {
            if (COMPUTE.contains(name) && Quantities.positive(q)) {
                found.add(name);
                into.merge(name, q.getNumericalAmount(), BigDecimal::add);
            }
        });
        return found;
    }
}
