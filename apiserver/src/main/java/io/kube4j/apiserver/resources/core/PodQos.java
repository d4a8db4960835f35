package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's QoS class as upstream's {@code GetPodQOS}: only cpu and memory count; no requests or
 * limits anywhere is BestEffort; cpu and memory limits on every container with requests equal to
 * limits is Guaranteed; anything else Burstable. Stateless, thread-safe.
 */
final class PodQos {

    private static final List<String> COUNTED = List.of("cpu", "memory");

    private PodQos() {
    }

    static String of(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (Container c : all) {
            Map<String, Quantity> req = c.getResources() == null || c.getResources().getRequests() == null
                    ? Map.of() : c.getResources().getRequests();
            Map<String, Quantity> lim = c.getResources() == null || c.getResources().getLimits() == null
                    ? Map.of() : c.getResources().getLimits();
            add(requests, req);
            int counted = add(limits, lim);
            if (counted < COUNTED.size()) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
                BigDecimal l = limits.get(e.getKey());
                if (l == null || l.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                }
            }
        }
        return guaranteed && limits.size() == requests.size() ? "Guaranteed" : "Burstable";
    }

    /** Sums the non-zero cpu and memory amounts into {@code into}; returns how many of the two were there. */
    private static int add(Map<String, BigDecimal> into, Map<String, Quantity> amounts) {
        int counted = 0;
        for (String name : COUNTED) {
            Quantity q = amounts.get(name);
            if (q == null) {
                continue;
            }
            BigDecimal v;
            try {
                v = q.getNumericalAmount();
            } catch (RuntimeException e) {
                continue;
            }
            if (v.signum() != 0) {
                into.merge(name, v, BigDecimal::add);
                counted++;
            }
        }
        return counted;
    }
}
