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
