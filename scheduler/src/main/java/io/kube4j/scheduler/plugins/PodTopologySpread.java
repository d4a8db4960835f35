package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.EnqueueExtensions;
import io.kube4j.scheduler.framework.FilterPlugin;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreFilterExtensions;
import io.kube4j.scheduler.framework.PreFilterPlugin;
import io.kube4j.scheduler.framework.PreFilterResult;
import io.kube4j.scheduler.framework.PreScorePlugin;
import io.kube4j.scheduler.framework.ScorePlugin;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spreads pods across topology domains by their {@code spec.topologySpreadConstraints}, as
 * upstream's PodTopologySpread plugin.
 *
 * <p>Filter (DoNotSchedule constraints): a node without a constraint's topology key is rejected
 * unresolvably; otherwise placing the pod there must keep {@code matching pods in the node's
 * domain + (1 if the pod matches its own selector) - global minimum <= maxSkew}, where the global
 * minimum is the smallest domain count, or 0 when fewer than minDomains domains are eligible.
 *
 * <p>Score (ScheduleAnyway constraints): per constraint {@code count * ln(domains + 2) + maxSkew - 1},
 * summed; NormalizeScore maps the least crowded node to 100. A pod without constraints gets the
 * cluster defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) counting the pods its
 * Services and controller select ({@link SpreadOwners}); with system defaults, nodes without a
 * zone label still take part in hostname spreading.
 *
 * <p>Stateless apart from its configuration and a cache of per-node counts; thread-safe. Default weight 2.
 */
public final class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin,
        EnqueueExtensions {

    public static final String NAME = "PodTopologySpread";
    public static final int DEFAULT_WEIGHT = 2;
    public static final String ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
    public static final String ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

    static final String PRE_FILTER_KEY = "PreFilter" + NAME;
    static final String PRE_SCORE_KEY = "PreScore" + NAME;

    /** Upstream's system default constraints, applied to pods without their own. */
    public static final List<TopologySpreadConstraint> SYSTEM_DEFAULT_CONSTRAINTS = List.of(
            new TopologySpreadConstraintBuilder().withTopologyKey(SpreadScoreState.HOSTNAME).withMaxSkew(3)
                    .withWhenUnsatisfiable(SpreadConstraint.SCHEDULE_ANYWAY).build(),
            new TopologySpreadConstraintBuilder().withTopologyKey("topology.kubernetes.io/zone").withMaxSkew(5)
                    .withWhenUnsatisfiable(SpreadConstraint.SCHEDULE_ANYWAY).build());

    private final List<TopologySpreadConstraint> defaultConstraints;
    private final boolean systemDefaulted;
    private final SpreadOwners owners;
    /** Per-node counts reused across cycles for the nodes that did not change. */
    private final SpreadCountCache counts = new SpreadCountCache();

    /** System defaulting with no owner information: pods without constraints are not spread. */
    public PodTopologySpread() {
        this(SpreadOwners.NONE);
    }

    /** System defaulting, with the pods' Service/controller selectors from {@code owners}. */
    public PodTopologySpread(SpreadOwners owners) {
        this(SYSTEM_DEFAULT_CONSTRAINTS, true, owners);
    }

    /**
     * Explicit ("List") defaulting: {@code defaultConstraints} (their labelSelector is ignored;
     * the owners' selector is used) for pods without constraints.
     */
    public PodTopologySpread(List<TopologySpreadConstraint> defaultConstraints, SpreadOwners owners) {
        this(defaultConstraints, false, owners);
    }

    private PodTopologySpread(List<TopologySpreadConstraint> defaultConstraints, boolean systemDefaulted, SpreadOwners owners) {
        this.defaultConstraints = List.copyOf(defaultConstraints);
        this.systemDefaulted = systemDefaulted;
        this.owners = owners;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PreFilterResult preFilter(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<SpreadConstraint> constraints;
        try {
            constraints = constraints(pod, SpreadConstraint.DO_NOT_SCHEDULE);
        } catch (IllegalArgumentException e) {
            return PreFilterResult.of(Status.error(e.getMessage()));
        }
        if (constraints.isEmpty()) {
            return PreFilterResult.of(Status.skip());
        }
        state.write(PRE_FILTER_KEY, SpreadFilterState.compute(pod, constraints, nodes, counts));
        return PreFilterResult.success();
    }

    @Override
    public Status addPod(CycleState state, Pod podToSchedule, PodInfo added, NodeInfo node) {
        return update(state, podToSchedule, added, node, 1);
    }

    @Override
    public Status removePod(CycleState state, Pod podToSchedule, PodInfo removed, NodeInfo node) {
        return update(state, podToSchedule, removed, node, -1);
    }

    private static Status update(CycleState state, Pod pod, PodInfo changed, NodeInfo node, int delta) {
        if (state.contains(PRE_FILTER_KEY)) {
            SpreadFilterState s = state.read(PRE_FILTER_KEY, SpreadFilterState.class);
            state.write(PRE_FILTER_KEY, s.withPod(pod, changed, node, delta));
        }
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        if (!state.contains(PRE_FILTER_KEY)) {
            return Status.success();
        }
        SpreadFilterState s = state.read(PRE_FILTER_KEY, SpreadFilterState.class);
        Map<String, String> labels = node.node().getMetadata().getLabels();
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        for (int i = 0; i < s.constraints().size(); i++) {
            SpreadConstraint c = s.constraints().get(i);
            String value = labels == null ? null : labels.get(c.topologyKey());
            if (value == null) {
                return Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, ERR_REASON_NODE_LABEL_NOT_MATCH);
            }
            int self = c.selector().matches(podLabels) ? 1 : 0;
            int skew = s.matchNum(i, value) + self - s.minMatchNum(i);
            if (skew > c.maxSkew()) {
                return Status.of(Code.UNSCHEDULABLE, ERR_REASON_CONSTRAINTS_NOT_MATCH);
            }
        }
        return Status.success();
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        List<NodeInfo> allNodes = state.contains(ImageLocality.SNAPSHOT_KEY)
                ? state.read(ImageLocality.SNAPSHOT_KEY, Snapshot.class).nodeInfos() : feasibleNodes;
        if (feasibleNodes.isEmpty() || allNodes.isEmpty()) {
            return Status.skip();
        }
        List<SpreadConstraint> constraints;
        try {
            constraints = constraints(pod, SpreadConstraint.SCHEDULE_ANYWAY);
        } catch (IllegalArgumentException e) {
            return Status.error(e.getMessage());
        }
        if (constraints.isEmpty()) {
            return Status.skip();
        }
        // With system defaults, nodes lacking a zone label still take part in hostname spreading.
        boolean requireAllTopologies = hasOwnConstraints(pod) || !systemDefaulted;
        state.write(PRE_SCORE_KEY, SpreadScoreState.compute(pod, constraints, feasibleNodes, allNodes, requireAllTopologies));
        return Status.success();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        return state.read(PRE_SCORE_KEY, SpreadScoreState.class).score(pod, node);
    }

    /** Reverses the raw scores onto 0..100: the least crowded node gets 100; ignored nodes 0. */
    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        if (!state.contains(PRE_SCORE_KEY)) {
            return Status.success();
        }
        SpreadScoreState s = state.read(PRE_SCORE_KEY, SpreadScoreState.class);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!s.ignoredNodes().contains(nodes.get(i).name())) {
                min = Math.min(min, scores[i]);
                max = Math.max(max, scores[i]);
            }
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignoredNodes().contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = MAX_NODE_SCORE;
            } else {
                scores[i] = MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
        return Status.success();
    }

    /** Assigned pods coming, going or relabelled, and nodes coming, going or relabelled/retainted. */
    @Override
    public List<ClusterEvent> eventsToRegister() {
        List<ClusterEvent> events = new ArrayList<>(ClusterEvent.nodeEvents());
        events.add(new ClusterEvent("Node", ClusterEvent.Action.DELETE));
        events.add(new ClusterEvent("Pod", ClusterEvent.Action.ADD));
        events.add(new ClusterEvent("Pod", ClusterEvent.Action.UPDATE));
        events.add(ClusterEvent.ASSIGNED_POD_DELETE);
        return List.copyOf(events);
    }

    /** The pod's own constraints for {@code action}, or the defaults when it has none. */
    List<SpreadConstraint> constraints(Pod pod, String action) {
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        if (hasOwnConstraints(pod)) {
            return SpreadConstraint.of(pod.getSpec().getTopologySpreadConstraints(), podLabels, action);
        }
        List<SpreadConstraint> defaults = SpreadConstraint.of(defaultConstraints, podLabels, action);
        if (defaults.isEmpty()) {
            return defaults;
        }
        LabelSelection selector = LabelSelection.EVERYTHING;
        for (LabelSelector s : owners.selectorsFor(pod)) {
            selector = selector.and(LabelSelection.of(s));
        }
        if (selector.empty()) {
            return List.of();
        }
        LabelSelection ownerSelector = selector;
        return defaults.stream().map(c -> c.withSelector(ownerSelector)).toList();
    }

    private static boolean hasOwnConstraints(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty();
    }
}
