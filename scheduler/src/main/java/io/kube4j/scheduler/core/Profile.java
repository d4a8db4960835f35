package io.kube4j.scheduler.core;

import io.kube4j.scheduler.config.PluginContext;
import io.kube4j.scheduler.framework.BindPlugin;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.PermitPlugin;
import io.kube4j.scheduler.framework.Plugin;
import io.kube4j.scheduler.framework.PostBindPlugin;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PreBindPlugin;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.QueueSortPlugin;
import io.kube4j.scheduler.framework.ReservePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.plugins.ImageLocality;
import io.kube4j.scheduler.plugins.InterPodAffinity;
import io.kube4j.scheduler.plugins.NodeAffinity;
import io.kube4j.scheduler.plugins.NodeName;
import io.kube4j.scheduler.plugins.NodePorts;
import io.kube4j.scheduler.plugins.NodeResourcesBalancedAllocation;
import io.kube4j.scheduler.plugins.NodeResourcesFit;
import io.kube4j.scheduler.plugins.NodeUnschedulable;
import io.kube4j.scheduler.plugins.PodTopologySpread;
import io.kube4j.scheduler.plugins.PrioritySort;
import io.kube4j.scheduler.plugins.SchedulingGates;
import io.kube4j.scheduler.plugins.TaintToleration;
import io.kube4j.scheduler.plugins.VolumeBinding;
import io.kube4j.scheduler.preemption.DefaultPreemption;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduling profile: the scheduler name it serves and the plugins enabled at each extension
 * point, in the order they run, with weights for score plugins, and the share of nodes to score.
 * Immutable and thread-safe (the plugins themselves must be thread-safe).
 *
 * @param schedulerName            pods whose spec.schedulerName equals this are ours
 * @param percentageOfNodesToScore 0..100; null or 0 means upstream's adaptive default
 */
public record Profile(String schedulerName, QueueSortPlugin queueSort, List<PreEnqueuePlugin> preEnqueue,
                      List<PreFilterPlugin> preFilter, List<FilterPlugin> filter, List<PostFilterPlugin> postFilter,
                      List<PreScorePlugin> preScore, List<WeightedScorePlugin> score, List<ReservePlugin> reserve,
                      List<PermitPlugin> permit, List<PreBindPlugin> preBind, List<BindPlugin> bind,
                      List<PostBindPlugin> postBind, Integer percentageOfNodesToScore) {

    /** Upstream's default scheduler name. */
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    public Profile {
        if (queueSort == null) {
            throw new IllegalArgumentException("a profile needs exactly one QueueSort plugin");
        }
        if (percentageOfNodesToScore != null && (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100)) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0..100");
        }
        preEnqueue = List.copyOf(preEnqueue);
        preFilter = List.copyOf(preFilter);
        filter = List.copyOf(filter);
        postFilter = List.copyOf(postFilter);
        preScore = List.copyOf(preScore);
        score = List.copyOf(score);
        reserve = List.copyOf(reserve);
        permit = List.copyOf(permit);
        preBind = List.copyOf(preBind);
        bind = List.copyOf(bind);
        postBind = List.copyOf(postBind);
    }

    /**
     * The default profile with the plugins of this slice, in upstream's order and with its
     * weights (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2, NodeResourcesFit 1, BalancedAllocation 1,
     * ImageLocality 1), DefaultPreemption as the PostFilter. No Bind plugin yet. Plugins get the
     * inputs of {@link PluginContext#standalone()}.
     */
    public static Profile defaults() {
        return defaults(PluginContext.standalone());
    }

    /** The default profile with plugins reading the cluster through {@code context}. */
    public static Profile defaults(PluginContext context) {
        var affinity = new NodeAffinity();
        var taints = new TaintToleration();
        var fit = new NodeResourcesFit();
        return builder(DEFAULT_SCHEDULER_NAME)
                .add(new SchedulingGates())
                .add(new PrioritySort())
                .add(new NodeUnschedulable())
                .add(new NodeName())
                .add(taints, TaintToleration.DEFAULT_WEIGHT)
                .add(affinity, NodeAffinity.DEFAULT_WEIGHT)
                .add(new NodePorts())
                .add(fit, NodeResourcesFit.DEFAULT_WEIGHT)
                .add(new VolumeBinding(context.volumes(), context.volumeWriter()))
                .add(new PodTopologySpread(context.owners()), PodTopologySpread.DEFAULT_WEIGHT)
                .add(new InterPodAffinity(context.namespaces(), InterPodAffinity.DEFAULT_HARD_POD_AFFINITY_WEIGHT),
                        InterPodAffinity.DEFAULT_WEIGHT)
                .add(new DefaultPreemption())
                .add(new NodeResourcesBalancedAllocation(), NodeResourcesBalancedAllocation.DEFAULT_WEIGHT)
                .add(new ImageLocality(), 1)
                .build();
    }

    public static Builder builder(String schedulerName) {
        return new Builder(schedulerName);
    }

    /** All distinct plugins of the profile by name, in the order first seen. */
    public Map<String, Plugin> plugins() {
        Map<String, Plugin> all = new LinkedHashMap<>();
        List<Plugin> every = new ArrayList<>();
        every.add(queueSort);
        every.addAll(preEnqueue);
        every.addAll(preFilter);
        every.addAll(filter);
        every.addAll(postFilter);
        every.addAll(preScore);
        score.forEach(w -> every.add(w.plugin()));
        every.addAll(reserve);
        every.addAll(permit);
        every.addAll(preBind);
        every.addAll(bind);
        every.addAll(postBind);
        every.forEach(p -> all.putIfAbsent(p.name(), p));
        return all;
    }

    /** Collects plugins into every extension point each implements, in the order added. Not thread-safe. */
    public static final class Builder {
        private final String schedulerName;
        private QueueSortPlugin queueSort;
        private final List<PreEnqueuePlugin> preEnqueue = new ArrayList<>();
        private final List<PreFilterPlugin> preFilter = new ArrayList<>();
        private final List<FilterPlugin> filter = new ArrayList<>();
        private final List<PostFilterPlugin> postFilter = new ArrayList<>();
        private final List<PreScorePlugin> preScore = new ArrayList<>();
        private final List<WeightedScorePlugin> score = new ArrayList<>();
        private final List<ReservePlugin> reserve = new ArrayList<>();
        private final List<PermitPlugin> permit = new ArrayList<>();
        private final List<PreBindPlugin> preBind = new ArrayList<>();
        private final List<BindPlugin> bind = new ArrayList<>();
        private final List<PostBindPlugin> postBind = new ArrayList<>();
        private Integer percentage;

        private Builder(String schedulerName) {
            this.schedulerName = schedulerName;
        }

        /** Enables {@code plugin} at every extension point it implements; a score plugin gets weight 1. */
        public Builder add(Plugin plugin) {
            return add(plugin, 1);
        }

        /** Enables {@code plugin} at every extension point it implements, scoring with {@code weight}. */
        public Builder add(Plugin plugin, int weight) {
            if (plugin instanceof QueueSortPlugin p) {
                if (queueSort != null) {
                    throw new IllegalArgumentException("only one QueueSort plugin may be enabled");
                }
                queueSort = p;
            }
            if (plugin instanceof PreEnqueuePlugin p) preEnqueue.add(p);
            if (plugin instanceof PreFilterPlugin p) preFilter.add(p);
            if (plugin instanceof FilterPlugin p) filter.add(p);
            if (plugin instanceof PostFilterPlugin p) postFilter.add(p);
            if (plugin instanceof PreScorePlugin p) preScore.add(p);
            if (plugin instanceof ScorePlugin p) score.add(new WeightedScorePlugin(p, weight));
            if (plugin instanceof ReservePlugin p) reserve.add(p);
            if (plugin instanceof PermitPlugin p) permit.add(p);
            if (plugin instanceof PreBindPlugin p) preBind.add(p);
            if (plugin instanceof BindPlugin p) bind.add(p);
            if (plugin instanceof PostBindPlugin p) postBind.add(p);
            return this;
        }

        /**
         * Enables {@code plugin} at the one extension point {@code point} (an extension-point
         * interface such as {@code FilterPlugin.class}), scoring with {@code weight} when that is
         * {@code ScorePlugin}; configuration uses this to honour per-point enable/disable.
         *
         * @throws IllegalArgumentException when the plugin does not implement {@code point}, or a
         *                                  second QueueSort plugin is added
         */
        public Builder addAt(Class<? extends Plugin> point, Plugin plugin, int weight) {
            if (!point.isInstance(plugin)) {
                throw new IllegalArgumentException("plugin \"" + plugin.name() + "\" does not extend " + point.getSimpleName());
            }
            if (point == QueueSortPlugin.class) {
                if (queueSort != null) {
                    throw new IllegalArgumentException("only one QueueSort plugin may be enabled");
                }
                queueSort = (QueueSortPlugin) plugin;
            } else if (point == PreEnqueuePlugin.class) preEnqueue.add((PreEnqueuePlugin) plugin);
            else if (point == PreFilterPlugin.class) preFilter.add((PreFilterPlugin) plugin);
            else if (point == FilterPlugin.class) filter.add((FilterPlugin) plugin);
            else if (point == PostFilterPlugin.class) postFilter.add((PostFilterPlugin) plugin);
            else if (point == PreScorePlugin.class) preScore.add((PreScorePlugin) plugin);
            else if (point == ScorePlugin.class) score.add(new WeightedScorePlugin((ScorePlugin) plugin, weight));
            else if (point == ReservePlugin.class) reserve.add((ReservePlugin) plugin);
            else if (point == PermitPlugin.class) permit.add((PermitPlugin) plugin);
            else if (point == PreBindPlugin.class) preBind.add((PreBindPlugin) plugin);
            else if (point == BindPlugin.class) bind.add((BindPlugin) plugin);
            else if (point == PostBindPlugin.class) postBind.add((PostBindPlugin) plugin);
            else throw new IllegalArgumentException("not an extension point: " + point.getName());
            return this;
        }

        public Builder percentageOfNodesToScore(Integer percentage) {
            this.percentage = percentage;
            return this;
        }

        public Profile build() {
            return new Profile(schedulerName, queueSort, preEnqueue, preFilter, filter, postFilter, preScore, score,
                    reserve, permit, preBind, bind, postBind, percentage);
        }
    }
}
