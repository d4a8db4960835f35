package io.kube4j.scheduler.plugins;

import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.Resources;

import java.util.List;

/**
 * Gathers, per configured resource, the node's allocatable amount and what would be requested
 * with the incoming pod, the way upstream's resource allocation scorer does: CPU and memory count
 * the node's non-zero requests unless {@code useRequested}; other resources count plain requests;
 * a scalar resource the pod does not request, or one the node does not have, is left out (zero
 * allocatable). Stateless, thread-safe.
 */
final class ResourceAllocationScorer {

    private ResourceAllocationScorer() {
    }

    /** The two parallel arrays a scorer function takes. */
    record Amounts(long[] requested, long[] allocatable) {
    }

    static Amounts amounts(NodeInfo node, List<ResourceSpec> resources, Resources podRequest, boolean useRequested) {
        long[] requested = new long[resources.size()];
        long[] allocatable = new long[resources.size()];
        Resources nodeRequested = useRequested ? node.requested() : node.nonZeroRequested();
        for (int i = 0; i < resources.size(); i++) {
            String name = resources.get(i).name();
            long podAmount = podRequest.get(name);
            long alloc;
            long req;
            switch (name) {
                case Resources.CPU -> {
                    alloc = node.allocatable().milliCpu();
                    req = nodeRequested.milliCpu() + podAmount;
                }
                case Resources.MEMORY -> {
                    alloc = node.allocatable().memory();
                    req = nodeRequested.memory() + podAmount;
                }
                case Resources.EPHEMERAL_STORAGE -> {
                    alloc = node.allocatable().ephemeralStorage();
                    req = node.requested().ephemeralStorage() + podAmount;
                }
                default -> {
                    if (podAmount == 0 && Resources.isScalarResourceName(name)) {
                        alloc = 0;
                        req = 0;
                    } else {
                        alloc = node.allocatable().scalar(name);
                        req = node.requested().scalar(name) + podAmount;
                    }
                }
            }
            if (alloc == 0) {
                continue;
            }
            allocatable[i] = alloc;
            requested[i] = req;
        }
        return new Amounts(requested, allocatable);
    }
}
