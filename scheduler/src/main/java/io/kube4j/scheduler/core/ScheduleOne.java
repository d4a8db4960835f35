package io.kube4j.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.NominatedPods;
import io.kube4j.scheduler.framework.PluginException;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.ImageLocality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The placement decision for one pod over a {@link Snapshot}, as upstream's schedulePod:
 * PreFilter, Filter over the nodes starting where the previous cycle stopped (round-robin) until
 * enough feasible nodes are found, PreScore, Score, NormalizeScore, weighting, and a
 * reservoir-sampled pick among the best-scored nodes.
 *
 * <p>Not thread-safe: one instance serves one scheduling loop (it keeps the round-robin start
 * index, as upstream's scheduler does); the snapshot must not change during a call.
 */
public final class ScheduleOne {

    /** Below this many nodes, every node is filtered. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    /** The adaptive percentage never goes below this. */
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
    /** Upstream's error text for an empty cluster. */
    public static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

    private final FrameworkRunner framework;
    private final RandomGenerator random;
    private int nextStartNodeIndex;
    private volatile NominatedPods nominated = NominatedPods.NONE;
    /** This cycle's nominated pods by node (read by Filter, set once per cycle). */
    private Map<String, List<Pod>> cycleNominated = Map.of();

    /**
     * @param random source for breaking ties among equally scored nodes (seed it in tests)
     */
    public ScheduleOne(Profile profile, RandomGenerator random) {
        this.framework = new FrameworkRunner(profile);
        this.random = random;
    }

    public FrameworkRunner framework() {
        return framework;
    }

    /**
     * Chooses a node for {@code pod}.
     *
     * @throws FitError       when no node fits (its message is upstream's "0/N nodes are available: ...")
     * @throws PluginException when a plugin errs, or the snapshot has no nodes
     */
    public ScheduleResult schedulePod(CycleState state, Pod pod, Snapshot snapshot) throws FitError {
        if (snapshot.numNodes() == 0) {
            throw new PluginException(NO_NODES_AVAILABLE);
        }
        state.write(ImageLocality.SNAPSHOT_KEY, snapshot);
        state.write(FrameworkRunner.STATE_KEY, framework);
        cycleNominated = nominated.byNode();
        Map<String, Status> nodeToStatus = new HashMap<>();
        Set<String> unschedulablePlugins = new TreeSet<>();
        List<NodeInfo> allNodes = snapshot.nodeInfos();

        FrameworkRunner.PreFilterOutcome pre = framework.runPreFilter(state, pod, allNodes);
        unschedulablePlugins.addAll(pre.pluginsWithNodes());
        if (!pre.status().isSuccess()) {
            if (!pre.status().isRejected()) {
                throw new PluginException(pre.status().message());
            }
            if (!pre.status().plugin().isEmpty()) {
                unschedulablePlugins.add(pre.status().plugin());
            }
            throw new FitError(pod, snapshot.numNodes(),
                    new Diagnosis(Map.of(), pre.status(), unschedulablePlugins, pre.status().message(), ""));
        }
        List<NodeInfo> nodes = allNodes;
        Status absent = null;
        if (pre.nodeNames() != null) {
            nodes = new ArrayList<>();
            for (NodeInfo n : allNodes) {
                if (pre.nodeNames().contains(n.name())) {
                    nodes.add(n);
                }
            }
            absent = Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE,
                    "node(s) didn't satisfy plugin(s) " + FrameworkRunner.goList(pre.pluginsWithNodes()));
        }

        List<NodeInfo> feasible = findNodesThatPassFilters(state, pod, nodes, nodeToStatus, unschedulablePlugins);
        int processed = feasible.size() + nodeToStatus.size();
        nextStartNodeIndex = (nextStartNodeIndex + processed) % allNodes.size();

        if (feasible.isEmpty()) {
            Diagnosis diagnosis = new Diagnosis(nodeToStatus, absent, unschedulablePlugins, "", "");
            throw new FitError(pod, snapshot.numNodes(), diagnosis);
        }
        int evaluated = feasible.size() + nodeToStatus.size();
        if (feasible.size() == 1) {
            return new ScheduleResult(feasible.getFirst().name(), evaluated, 1);
        }
        List<NodeScore> scores = prioritizeNodes(state, pod, feasible);
        return new ScheduleResult(selectHost(scores), evaluated, feasible.size());
    }

    /** Feeds the pending pods nominated to nodes, so Filter keeps their room (upstream's nominator). */
    public void useNominatedPods(NominatedPods pods) {
        this.nominated = pods;
    }

    /** Filter with the pods nominated to the node counted there, as upstream's findNodesThatPassFilters. */
    private Status filter(CycleState state, Pod pod, NodeInfo node) {
        // Most cycles have no nominated pods: skip the per-node lookup (node.name() chases the Node object).
        List<Pod> onNode = cycleNominated.isEmpty() ? null : cycleNominated.get(node.name());
        return onNode == null ? framework.runFilter(state, pod, node)
                : framework.runFilterWithNominatedPods(state, pod, node, onNode);
    }

    /**
     * Runs PostFilter for a pod that did not fit and returns the error with the PostFilter
     * message (e.g. preemption's), plus the nominated node if a plugin made room.
     */
    public PostFilterOutcome runPostFilter(CycleState state, FitError error) {
        PostFilterResult r = framework.runPostFilter(state, error.pod(), statusOfEveryNode(state, error.diagnosis()));
        return new PostFilterOutcome(error.withPostFilterMsg(r.status().message()), r);
    }

    /**
     * The diagnosis's status per node with the absent-nodes status filled in for the nodes it
     * does not list, as upstream's NodeToStatus.Get answers PostFilter plugins.
     */
    private static Map<String, Status> statusOfEveryNode(CycleState state, Diagnosis diagnosis) {
        Status absent = diagnosis.absentNodesStatus();
        if (absent == null || !state.contains(ImageLocality.SNAPSHOT_KEY)) {
            return diagnosis.nodeToStatus();
        }
        Map<String, Status> all = new HashMap<>(diagnosis.nodeToStatus());
        for (NodeInfo n : state.read(ImageLocality.SNAPSHOT_KEY, Snapshot.class).nodeInfos()) {
            all.putIfAbsent(n.name(), absent);
        }
        return all;
    }

    /** The FitError with its PostFilter message, and PostFilter's result. */
    public record PostFilterOutcome(FitError error, PostFilterResult result) {
    }

    private List<NodeInfo> findNodesThatPassFilters(CycleState state, Pod pod, List<NodeInfo> nodes,
                                                    Map<String, Status> nodeToStatus, Set<String> unschedulablePlugins) {
        int numAll = nodes.size();
        int toFind = numFeasibleNodesToFind(framework.profile().percentageOfNodesToScore(), numAll);
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, numAll));
        if (numAll == 0) {
            return feasible;
        }
        if (!framework.hasFilterPlugins()) {
            for (int i = 0; i < toFind; i++) {
                feasible.add(nodes.get((nextStartNodeIndex + i) % numAll));
            }
            return feasible;
        }
        for (int i = 0; i < numAll && feasible.size() < toFind; i++) {
            NodeInfo node = nodes.get((nextStartNodeIndex + i) % numAll);
            Status s = filter(state, pod, node);
            if (s.isSuccess()) {
                feasible.add(node);
            } else if (s.code() == Code.ERROR) {
                throw new PluginException(s.message());
            } else {
                nodeToStatus.put(node.name(), s);
                if (!s.plugin().isEmpty()) {
                    unschedulablePlugins.add(s.plugin());
                }
            }
        }
        return feasible;
    }

    /**
     * How many feasible nodes to look for among {@code numAllNodes}: all below 100 nodes;
     * otherwise the profile's percentage, or the adaptive 50% minus 1% per 125 nodes (at least
     * 5%), and never fewer than 100.
     */
    static int numFeasibleNodesToFind(Integer profilePercentage, int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = profilePercentage == null ? 0 : profilePercentage;
        if (percentage == 0) {
            percentage = 50 - numAllNodes / 125;
            if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) {
                percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
            }
        }
        int numNodes = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
    }

    private List<NodeScore> prioritizeNodes(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<NodeScore> out = new ArrayList<>(nodes.size());
        if (!framework.hasScorePlugins()) {
            for (NodeInfo n : nodes) {
                out.add(new NodeScore(n.name(), 1));
            }
            return out;
        }
        Status pre = framework.runPreScore(state, pod, nodes);
        if (!pre.isSuccess()) {
            throw new PluginException(pre.message());
        }
        long[] totals = framework.runScore(state, pod, nodes);
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new NodeScore(nodes.get(i).name(), totals[i]));
        }
        return out;
    }

    /**
     * The highest-scored node; among equal best scores each is chosen with equal probability by
     * reservoir sampling over the list order, as upstream.
     */
    String selectHost(List<NodeScore> scores) {
        if (scores.isEmpty()) {
            throw new PluginException("empty priorityList");
        }
        NodeScore first = scores.getFirst();
        long max = first.totalScore();
        String selected = first.name();
        int countOfMax = 1;
        for (int i = 1; i < scores.size(); i++) {
            NodeScore ns = scores.get(i);
            if (ns.totalScore() > max) {
                max = ns.totalScore();
                selected = ns.name();
                countOfMax = 1;
            } else if (ns.totalScore() == max) {
                countOfMax++;
                if (random.nextInt(countOfMax) == 0) {
                    selected = ns.name();
                }
            }
        }
        return selected;
    }

    /** Where the next cycle starts filtering (exposed for tests). */
    int nextStartNodeIndex() {
        return nextStartNodeIndex;
    }
}
