package io.kube4j.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.runtime.ContainerConfig.Resources;

/**
 * A container's cgroup values as upstream's generateLinuxContainerResources: cpu shares from the
 * request (millicores * 1024 / 1000, 2 to 262144; 2 with none), CFS quota from the limit over a
 * 100 ms period (at least 1 ms), the memory limit, and oom_score_adj by QoS class
 * (GetContainerOOMScoreAdjust). Stateless.
 */
public final class ContainerResources {

    public static final long CPU_PERIOD_MICROS = 100_000;
    static final int GUARANTEED_OOM_SCORE_ADJ = -997;
    static final int BEST_EFFORT_OOM_SCORE_ADJ = 1000;
    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262_144;
    private static final long MIN_QUOTA = 1000;
    private static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    private ContainerResources() {}

    public static Resources of(Pod pod, Container container, long memoryCapacityBytes, long pidsLimit) {
        long cpuRequestMilli = Quantities.milliValue(Quantities.requests(container).get("cpu"));
        long cpuLimitMilli = Quantities.milliValue(Quantities.limits(container).get("cpu"));
        long memoryLimit = Quantities.value(Quantities.limits(container).get("memory"));
        return new Resources(cpuShares(cpuRequestMilli), cpuQuota(cpuLimitMilli, CPU_PERIOD_MICROS), CPU_PERIOD_MICROS,
                memoryLimit, pidsLimit, oomScoreAdj(pod, container, memoryCapacityBytes));
    }

    /** upstream milliCPUToShares. */
    public static long cpuShares(long milliCpu) {
        if (milliCpu == 0) {
            return MIN_SHARES;
        }
        long shares = milliCpu * 1024 / 1000;
        return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
    }

    /** upstream milliCPUToQuota: 0 without a limit. */
    public static long cpuQuota(long milliCpu, long period) {
        if (milliCpu == 0) {
            return 0;
        }
        return Math.max(MIN_QUOTA, milliCpu * period / 1000);
    }

    /** upstream GetContainerOOMScoreAdjust. */
    public static int oomScoreAdj(Pod pod, Container container, long memoryCapacityBytes) {
        if (isNodeCritical(pod)) {
            return GUARANTEED_OOM_SCORE_ADJ;
        }
        switch (QosClass.of(pod)) {
            case GUARANTEED -> {
                return GUARANTEED_OOM_SCORE_ADJ;
            }
            case BEST_EFFORT -> {
                return BEST_EFFORT_OOM_SCORE_ADJ;
            }
            default -> { }
        }
        long memoryRequest = Quantities.value(Quantities.requests(container).get("memory"));
        long adj = 1000 - (1000 * memoryRequest) / memoryCapacityBytes;
        if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) {
            return 1000 + GUARANTEED_OOM_SCORE_ADJ;
        }
        if (adj == BEST_EFFORT_OOM_SCORE_ADJ) {
            return (int) (adj - 1);
        }
        return (int) adj;
    }

    /** A static/mirror pod or one at system-critical priority, of priority class system-node-critical. */
    static boolean isNodeCritical(Pod pod) {
        if (!"system-node-critical".equals(pod.getSpec().getPriorityClassName())) {
            return false;
        }
        var annotations = pod.getMetadata().getAnnotations();
        boolean staticOrMirror = annotations != null && (annotations.containsKey("kubernetes.io/config.mirror")
                || "file".equals(annotations.get("kubernetes.io/config.source"))
                || "http".equals(annotations.get("kubernetes.io/config.source")));
        Integer priority = pod.getSpec().getPriority();
        return staticOrMirror || (priority != null && priority >= SYSTEM_CRITICAL_PRIORITY);
    }
}
