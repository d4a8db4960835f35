package io.kube4j.scheduler.config;

import io.kube4j.scheduler.plugins.ImageLocality;
import io.kube4j.scheduler.plugins.InterPodAffinity;
import io.kube4j.scheduler.preemption.DefaultPreemption;
import io.kube4j.scheduler.plugins.NodeAffinity;
import io.kube4j.scheduler.plugins.NodeName;
import io.kube4j.scheduler.plugins.NodePorts;
import io.kube4j.scheduler.plugins.NodeResourcesBalancedAllocation;
import io.kube4j.scheduler.plugins.NodeUnschedulable;
import io.kube4j.scheduler.plugins.PluginNames;
import io.kube4j.scheduler.plugins.PodTopologySpread;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.plugins.SchedulingGates;
import io.kube4j.scheduler.plugins.TaintToleration;
import io.kube4j.scheduler.plugins.VolumeBinding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plugin factories by upstream plugin name (upstream's in-tree registry). Immutable and
 * thread-safe; {@link #with} returns an extended copy, for out-of-tree plugins and tests.
 */
public final class PluginRegistry {

    private final Map<String, PluginFactory> factories;

    private PluginRegistry(Map<String, PluginFactory> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The in-tree plugins kube4j implements. */
    public static PluginRegistry inTree() {
        Map<String, PluginFactory> f = new LinkedHashMap<>();
        f.put(PluginNames.SCHEDULING_GATES, (args, ctx) -> new SchedulingGates());
        f.put(PluginNames.PRIORITY_SORT, (args, ctx) -> new PrioritySort());
        f.put(PluginNames.NODE_UNSCHEDULABLE, (args, ctx) -> new NodeUnschedulable());
        f.put(PluginNames.NODE_NAME, (args, ctx) -> new NodeName());
        f.put(PluginNames.TAINT_TOLERATION, (args, ctx) -> new TaintToleration());
        f.put(PluginNames.NODE_AFFINITY, (args, ctx) -> new NodeAffinity());
        f.put(PluginNames.NODE_PORTS, (args, ctx) -> new NodePorts());
        f.put(PluginNames.NODE_RESOURCES_FIT, PluginArgs::nodeResourcesFit);
        f.put(VolumeBinding.NAME, (args, ctx) -> new VolumeBinding(ctx.volumes(), ctx.volumeWriter()));
        f.put(PodTopologySpread.NAME, PluginArgs::podTopologySpread);
        f.put(InterPodAffinity.NAME, PluginArgs::interPodAffinity);
        f.put(DefaultPreemption.NAME, PreemptionArgs::defaultPreemption);
        f.put(PluginNames.NODE_RESOURCES_BALANCED_ALLOCATION, PluginArgs::balancedAllocation);
        f.put(PluginNames.IMAGE_LOCALITY, (args, ctx) -> new ImageLocality());
        return new PluginRegistry(f);
    }

    /** A copy with {@code name} mapped to {@code factory} (replacing any in-tree one). */
    public PluginRegistry with(String name, PluginFactory factory) {
        Map<String, PluginFactory> f = new LinkedHashMap<>(factories);
        f.put(name, factory);
        return new PluginRegistry(f);
    }

    public Optional<PluginFactory> factory(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    public Set<String> names() {
        return factories.keySet();
    }
}
