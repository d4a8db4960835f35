package io.kube4j.scheduler.config;

import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginRef;
import io.kube4j.scheduler.config.KubeSchedulerConfiguration.PluginSet;
import io.kube4j.scheduler.plugins.InterPodAffinity;
import io.kube4j.scheduler.plugins.NodeAffinity;
import io.kube4j.scheduler.plugins.NodeResourcesBalancedAllocation;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.PluginNames;
import io.kube4j.scheduler.plugins.PodTopologySpread;
import io.kube4j.scheduler.plugins.TaintToleration;
import io.kube4j.scheduler.plugins.VolumeBinding;
import io.kube4j.scheduler.preemption.DefaultPreemption;

import java.util.List;

/**
 * v1's default plugins: all enabled through MultiPoint, in upstream's order and with its score
 * weights, leaving out the ones kube4j does not implement yet (the volume plugins other than
 * VolumeBinding, and DefaultBinder: binding is built in).
 */
public final class DefaultPlugins {

    /** The default MultiPoint set; no per-point defaults exist in v1. */
    public static final PluginSet MULTI_POINT = new PluginSet(List.of(
            PluginRef.of(PluginNames.SCHEDULING_GATES),
            PluginRef.of(PluginNames.PRIORITY_SORT),
            PluginRef.of(PluginNames.NODE_UNSCHEDULABLE),
            PluginRef.of(PluginNames.NODE_NAME),
            new PluginRef(PluginNames.TAINT_TOLERATION, TaintToleration.DEFAULT_WEIGHT),
            new PluginRef(PluginNames.NODE_AFFINITY, NodeAffinity.DEFAULT_WEIGHT),
            PluginRef.of(PluginNames.NODE_PORTS),
            new PluginRef(PluginNames.NODE_RESOURCES_FIT, NodeResourcesFit.DEFAULT_WEIGHT),
            PluginRef.of(VolumeBinding.NAME),
            new PluginRef(PodTopologySpread.NAME, PodTopologySpread.DEFAULT_WEIGHT),
            new PluginRef(InterPodAffinity.NAME, InterPodAffinity.DEFAULT_WEIGHT),
            PluginRef.of(DefaultPreemption.NAME),
            new PluginRef(PluginNames.NODE_RESOURCES_BALANCED_ALLOCATION, NodeResourcesBalancedAllocation.DEFAULT_WEIGHT),
            new PluginRef(PluginNames.IMAGE_LOCALITY, 1)), List.of());

    private DefaultPlugins() {
    }
}
