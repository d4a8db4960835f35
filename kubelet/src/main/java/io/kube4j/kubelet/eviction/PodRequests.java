package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.kubelet.node.Quantities;
import java.util.List;
import java.util.Map;

/** A pod's effective requests and QoS class as upstream computes them. Stateless. */
public final class PodRequests {

    /** Upstream's system-critical priority: pods at or above it are never evicted. */
    public static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    private PodRequests() {}

    /** max(sum of the app containers' requests, largest init container request) + overhead, in bytes. */
    public static long memory(Pod pod) {
        long sum = 0;
        for (Container c : containers(pod.getSpec().getContainers())) {
            sum += request(c, "memory");
        }
        long maxInit = 0;
        for (Container c : containers(pod.getSpec().getInitContainers())) {
            maxInit = Math.max(maxInit, request(c, "memory"));
        }
        long overhead = 0;
        Map<String, Quantity> o = pod.getSpec().getOverhead();
        if (o != null && o.get("memory") != null) {
            overhead = Quantities.value(o.get("memory"));
        }
        return Math.max(sum, maxInit) + overhead;
    }

    /** max(sum of the app containers' requests of {@code resource}, largest init container request) + overhead, in its unit. */
    public static long request(Pod pod, String resource) {
        long sum = 0;
        for (Container c : containers(pod.getSpec().getContainers())) {
            sum += request(c, resource);
        }
        long maxInit = 0;
        for (Container c : containers(pod.getSpec().getInitContainers())) {
            maxInit = Math.max(maxInit, request(c, resource));
        }
        Map<String, Quantity> o = pod.getSpec().getOverhead();
        long overhead = o != null && o.get(resource) != null ? Quantities.value(o.get(resource)) : 0;
        return Math.max(sum, maxInit) + overhead;
    }

    /**
     * The pod's limit of {@code resource} as upstream's PodLimits: the sum of its app containers'
     * limits, raised to the largest init container's, plus overhead; empty when no container limits it.
     */
    public static java.util.Optional<Long> limit(Pod pod, String resource) {
        boolean found = false;
        long sum = 0;
        for (Container c : containers(pod.getSpec().getContainers())) {
            Quantity q = limitOf(c, resource);
            if (q != null) {
                found = true;
                sum += Quantities.value(q);
            }
        }
        for (Container c : containers(pod.getSpec().getInitContainers())) {
            Quantity q = limitOf(c, resource);
            if (q != null) {
                found = true;
                sum = Math.max(sum, Quantities.value(q));
            }
        }
        if (!found) {
            return java.util.Optional.empty();
        }
        Map<String, Quantity> o = pod.getSpec().getOverhead();
        return java.util.Optional.of(sum + (o != null && o.get(resource) != null ? Quantities.value(o.get(resource)) : 0));
    }

    /** A container's limit of {@code resource}, or null. */
    public static Quantity limitOf(Container c, String resource) {
        return c.getResources() == null || c.getResources().getLimits() == null ? null : c.getResources().getLimits().get(resource);
    }

    /** A container's request of {@code resource} in upstream's canonical text, "0" when it has none. */
    public static String requestText(Container c, String resource) {
        Quantity q = c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
        return q == null ? "0" : QuantityText.canonical(q);
    }

    /** The names of the pod's init and app containers. */
    public static List<String> containerNames(Pod pod) {
        return all(pod).stream().map(Container::getName).toList();
    }

    /** The memory request of one container, as written ("0" when it has none). */
    public static String memoryText(Container c) {
        Quantity q = c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get("memory");
        return q == null ? "0" : q.toString();
    }

    /** BestEffort: no container (app or init) requests or limits cpu or memory. */
    public static boolean bestEffort(Pod pod) {
        for (Container c : all(pod)) {
            if (c.getResources() == null) {
                continue;
            }
            for (Map<String, Quantity> m : java.util.Arrays.asList(c.getResources().getRequests(), c.getResources().getLimits())) {
                if (m == null) {
                    continue;
                }
                for (String r : List.of("cpu", "memory")) {
                    if (m.get(r) != null && Quantities.milliValue(m.get(r)) != 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The pod's priority (0 when unset, as upstream's PodPriority). */
    public static int priority(Pod pod) {
        return pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
    }

    private static long request(Container c, String resource) {
        Quantity q = c.getResources() == null || c.getResources().getRequests() == null ? null : c.getResources().getRequests().get(resource);
        return q == null ? 0 : Quantities.value(q);
    }

    private static List<Container> containers(List<Container> list) {
        return list == null ? List.of() : list;
    }

    private static List<Container> all(Pod pod) {
        List<Container> out = new java.util.ArrayList<>(containers(pod.getSpec().getContainers()));
        out.addAll(containers(pod.getSpec().getInitContainers()));
        return out;
    }
}
