package io.kube4j.runtime;

import java.time.Instant;

/**
 * A container's resource use from its cgroup (the summary API's fields).
 *
 * @param cpuUsageNanos cumulative CPU time used
 * @param memoryWorkingSetBytes usage minus inactive file pages (what eviction and kubectl top use)
 */
public record ContainerStats(
        String containerId, Instant timestamp, long cpuUsageNanos, long memoryUsageBytes, long memoryWorkingSetBytes, long memoryRssBytes) {}
