package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodRequests;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.Resources;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.List;

/**
 * Score: favours nodes whose resources would be used evenly with the pod placed: 100 times one
 * minus the standard deviation of the requested/allocatable fractions of the configured
 * resources (plain requests, each fraction capped at 1). Pods that request nothing skip it.
 * Immutable, thread-safe. Default weight 1.
 */
public final class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {

    public static final int DEFAULT_WEIGHT = 1;

    private final List<ResourceSpec> resources;

    /** Over CPU and memory. */
    public NodeResourcesBalancedAllocation() {
        this(ResourceSpec.DEFAULTS);
    }

    public NodeResourcesBalancedAllocation(List<ResourceSpec> resources) {
        this.resources = List.copyOf(resources);
    }

    @Override
    public String name() {
        return PluginNames.NODE_RESOURCES_BALANCED_ALLOCATION;
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        Resources request = PodRequests.of(state, pod);
        for (ResourceSpec r : resources) {
            if (request.get(r.name()) != 0) {
                return Status.success();
            }
        }
        return Status.skip();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        var amounts = ResourceAllocationScorer.amounts(node, resources, PodRequests.of(state, pod), true);
        return ScoringFunctions.balanced(amounts.requested(), amounts.allocatable());
    }
}
