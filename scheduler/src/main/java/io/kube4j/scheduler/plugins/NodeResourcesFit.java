package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodRequests;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.Resources;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Filter: the node must have room for the pod's effective request (see {@link PodRequests}) in
 * every resource it requests, and room for one more pod; every shortfall is reported
 * ("Too many pods", "Insufficient cpu", "Insufficient memory", "Insufficient ephemeral-storage",
 * "Insufficient &lt;name&gt;" for scalar resources, in that order, scalars by name). Score: the
 * configured {@link ScoringStrategy} (LeastAllocated by default). Immutable, thread-safe.
 * Default weight 1.
 */
public final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin, EnqueueExtensions {

    public static final int DEFAULT_WEIGHT = 1;
    private static final String STATE_KEY = "PreFilter" + PluginNames.NODE_RESOURCES_FIT;

    private final ScoringStrategy strategy;
    private final Set<String> ignoredResources;
    private final Set<String> ignoredResourceGroups;

    /** With the default strategy and no ignored resources. */
    public NodeResourcesFit() {
        this(ScoringStrategy.defaultStrategy(), Set.of());
    }

    /** With {@code strategy}, ignoring the named extended resources. */
    public NodeResourcesFit(ScoringStrategy strategy, Set<String> ignoredResources) {
        this(strategy, ignoredResources, Set.of());
    }

    /**
     * @param strategy              how to score
     * @param ignoredResources      extended resources the filter does not check (upstream's ignoredResources)
     * @param ignoredResourceGroups domain prefixes ("example.com") whose extended resources the filter does not check
     */
    public NodeResourcesFit(ScoringStrategy strategy, Set<String> ignoredResources, Set<String> ignoredResourceGroups) {
        this.strategy = strategy;
        this.ignoredResources = Set.copyOf(ignoredResources);
        this.ignoredResourceGroups = Set.copyOf(ignoredResourceGroups);
    }

    /** The pod's effective request, computed once per cycle. */
    private record PreFilterState(Resources request) {
    }

    @Override
    public String name() {
        return PluginNames.NODE_RESOURCES_FIT;
    }

    public ScoringStrategy strategy() {
        return strategy;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        state.write(STATE_KEY, new PreFilterState(PodRequests.of(pod)));
        return PreFilterResult.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Resources request = state.contains(STATE_KEY) ? state.read(STATE_KEY, PreFilterState.class).request() : PodRequests.of(pod);
        List<String> reasons = insufficientResources(request, node);
        if (reasons.isEmpty()) {
            return Status.success();
        }
        return new Status(Code.UNSCHEDULABLE, reasons, "");
    }

    /** The reasons the pod with effective request {@code request} does not fit {@code node}. */
    public List<String> insufficientResources(Resources request, NodeInfo node) {
        List<String> reasons = new ArrayList<>(4);
        if (node.pods().size() + 1 > node.allowedPodNumber()) {
            reasons.add("Too many pods");
        }
        if (request.milliCpu() == 0 && request.memory() == 0 && request.ephemeralStorage() == 0 && request.scalar().isEmpty()) {
            return reasons;
        }
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
            reasons.add("Insufficient memory");
        }
        if (request.ephemeralStorage() > 0 && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
        }
        for (var e : request.scalar().entrySet()) {
            String name = e.getKey();
            long amount = e.getValue();
            if (amount == 0 || (Resources.isExtendedResourceName(name) && isIgnored(name))) {
                continue;
            }
            if (amount > alloc.scalar(name) - used.scalar(name)) {
                reasons.add("Insufficient " + name);
            }
        }
        return reasons;
    }

    private boolean isIgnored(String extendedResource) {
        return ignoredResources.contains(extendedResource)
                || ignoredResourceGroups.contains(extendedResource.substring(0, extendedResource.indexOf('/')));
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        var amounts = ResourceAllocationScorer.amounts(node, strategy.resources(), PodRequests.nonZero(state, pod), false);
        return ScoringFunctions.score(strategy, amounts.requested(), amounts.allocatable());
    }

    @Override
    public List<ClusterEvent> eventsToRegister() {
        List<ClusterEvent> events = new ArrayList<>(ClusterEvent.nodeEvents(ClusterEvent.Action.UPDATE_NODE_ALLOCATABLE));
        events.add(ClusterEvent.ASSIGNED_POD_DELETE);
        return List.copyOf(events);
    }
}
