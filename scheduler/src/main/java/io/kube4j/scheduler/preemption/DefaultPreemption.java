package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.core.Diagnosis;
import io.kube4j.scheduler.core.FitError;
import io.kube4j.scheduler.core.FrameworkRunner;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.CycleState;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.NominatedPods;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PostFilterPlugin;
import io.kube4j.scheduler.framework.PostFilterResult;
import io.kube4j.scheduler.framework.Snapshot;
import io.kube4j.scheduler.framework.Status;
import io.kube4j.scheduler.plugins.ImageLocality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Upstream's DefaultPreemption PostFilter. For a pod no node fits, when the pod may preempt
 * (its preemptionPolicy is not Never, and no lower-priority pod on its nominated node is still
 * terminating from an earlier preemption), every node rejected as Unschedulable (not
 * UnschedulableAndUnresolvable) is tried from a random offset with {@link VictimSelection}
 * until enough candidates are found ({@code max(minCandidateNodesAbsolute,
 * nodes * minCandidateNodesPercentage / 100)}, at most all, and at least one without PDB
 * violation), and {@link CandidateOrder} picks the node. The decision is written to the
 * CycleState as a {@link PreemptionDecision} and the node returned as the nominated node; the
 * scheduling loop carries it out. Rejections carry upstream's "preemption: ..." message.
 *
 * <p>Reads the cycle's snapshot ({@link ImageLocality#SNAPSHOT_KEY}) and framework
 * ({@link FrameworkRunner#STATE_KEY}) from the CycleState. Thread-safe: the inputs are replaced
 * atomically and everything else is per call.
 */
public final class DefaultPreemption implements PostFilterPlugin {

    public static final String NAME = "DefaultPreemption";
    public static final int DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    public static final int DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE = 100;
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NEVER = "not eligible due to preemptionPolicy=Never.";
    static final String TERMINATING = "not eligible due to a terminating pod on the nominated node.";

    private final int minCandidateNodesPercentage;
    private final int minCandidateNodesAbsolute;
    private final RandomGenerator random;
    private volatile DisruptionBudgets budgets = DisruptionBudgets.NONE;
    private volatile NominatedPods nominated = NominatedPods.NONE;

    /** Upstream's defaults (10 %, 100 nodes). */
    public DefaultPreemption() {
        this(DEFAULT_MIN_CANDIDATE_NODES_PERCENTAGE, DEFAULT_MIN_CANDIDATE_NODES_ABSOLUTE, RandomGenerator.getDefault());
    }

    /**
     * @param random picks the node to start the search at (seed or stub it in tests)
     * @throws IllegalArgumentException for a percentage outside 0..100 or a negative absolute,
     *                                  or both zero, as upstream's args validation
     */
    public DefaultPreemption(int minCandidateNodesPercentage, int minCandidateNodesAbsolute, RandomGenerator random) {
        if (minCandidateNodesPercentage < 0 || minCandidateNodesPercentage > 100) {
            throw new IllegalArgumentException("minCandidateNodesPercentage must be in [0, 100]");
        }
        if (minCandidateNodesAbsolute < 0) {
            throw new IllegalArgumentException("minCandidateNodesAbsolute must not be negative");
        }
        if (minCandidateNodesPercentage == 0 && minCandidateNodesAbsolute == 0) {
            throw new IllegalArgumentException(
                    "minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero");
        }
        this.minCandidateNodesPercentage = minCandidateNodesPercentage;
        this.minCandidateNodesAbsolute = minCandidateNodesAbsolute;
        this.random = random;
    }

    /** Feeds the cluster's PodDisruptionBudgets and nominated pods (a running scheduler's informers). */
    public void useInputs(DisruptionBudgets budgets, NominatedPods nominated) {
        this.budgets = budgets;
        this.nominated = nominated;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, Pod pod, Map<String, Status> nodeStatuses) {
        Snapshot snapshot = state.read(ImageLocality.SNAPSHOT_KEY, Snapshot.class);
        FrameworkRunner framework = state.read(FrameworkRunner.STATE_KEY, FrameworkRunner.class);
        String ineligible = ineligibility(pod, snapshot, nodeStatuses);
        if (ineligible != null) {
            return new PostFilterResult(Status.of(Code.UNSCHEDULABLE, "preemption: " + ineligible), null);
        }
        Map<String, Status> statuses = new HashMap<>();
        List<NodeInfo> potential = new ArrayList<>();
        for (NodeInfo n : snapshot.nodeInfos()) {
            Status s = nodeStatuses.get(n.name());
            // As upstream, nodes not tried keep no status of their own here: the message counts
            // them as "Preemption is not helpful for scheduling".
            if (s != null && s.code() == Code.UNSCHEDULABLE) {
                potential.add(n);
            }
        }
        Map<String, List<Pod>> byNode = nominated.byNode();
        NominatedPods nominatedNow = () -> byNode;
        List<Candidate> candidates = potential.isEmpty() ? List.of()
                : dryRun(pod, potential, n -> new NodeSimulation(framework, state, pod, n, nominatedNow), statuses);
        Candidate best = CandidateOrder.pick(candidates);
        if (best == null) {
            FitError none = new FitError(pod, snapshot.numNodes(), new Diagnosis(statuses,
                    Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, NOT_HELPFUL), Set.of(), "", ""));
            // "" asks the caller to clear a nomination the pod may carry from an earlier cycle.
            return new PostFilterResult(Status.of(Code.UNSCHEDULABLE, "preemption: " + none.getMessage()), "");
        }
        int priority = Priorities.priorityOf(pod);
        List<Pod> lower = new ArrayList<>();
        for (Pod p : nominatedNow.nominatedTo(best.nodeName())) {
            if (Priorities.priorityOf(p) < priority && !PodInfo.keyOf(p).equals(PodInfo.keyOf(pod))) {
                lower.add(p);
            }
        }
        state.write(PreemptionDecision.STATE_KEY,
                new PreemptionDecision(pod, best.nodeName(), best.victims().pods(), lower));
        return new PostFilterResult(Status.success(), best.nodeName());
    }

    /** Why {@code pod} may not preempt, or null when it may (upstream's PodEligibleToPreemptOthers). */
    static String ineligibility(Pod pod, Snapshot snapshot, Map<String, Status> nodeStatuses) {
        if (pod.getSpec() != null && "Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return NEVER;
        }
        String nominatedNode = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominatedNode == null || nominatedNode.isEmpty()) {
            return null;
        }
        Status onNominated = nodeStatuses.get(nominatedNode);
        if (onNominated != null && onNominated.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            // The nominated node can no longer take the pod at all: looking elsewhere is allowed.
            return null;
        }
        NodeInfo node = snapshot.get(nominatedNode);
        if (node != null) {
            int priority = Priorities.priorityOf(pod);
            for (PodInfo p : node.pods()) {
                if (Priorities.priorityOf(p.pod()) < priority && Priorities.terminatingByPreemption(p.pod())) {
                    return TERMINATING;
                }
            }
        }
        return null;
    }

    /**
     * Tries the potential nodes from a random offset, recording why failed nodes are no
     * candidates, until enough candidates are found; candidates without PDB violations first.
     */
    private List<Candidate> dryRun(Pod pod, List<NodeInfo> potential,
                                   Function<NodeInfo, VictimSelection.Simulation> simulation,
                                   Map<String, Status> statuses) {
        int wanted = numCandidates(potential.size());
        int offset = random.nextInt(potential.size());
        List<Candidate> clean = new ArrayList<>();
        List<Candidate> violating = new ArrayList<>();
        var pdbs = budgets.all();
        for (int i = 0; i < potential.size(); i++) {
            NodeInfo node = potential.get((offset + i) % potential.size());
            VictimSelection.Result r = VictimSelection.select(pod, node, pdbs, simulation.apply(node));
            if (r.status().isSuccess()) {
                Candidate c = new Candidate(node.name(), r.victims());
                (c.victims().numPdbViolations() == 0 ? clean : violating).add(c);
                if (!clean.isEmpty() && clean.size() + violating.size() >= wanted) {
                    break;
                }
            } else {
                statuses.put(node.name(), r.status());
            }
        }
        List<Candidate> all = new ArrayList<>(clean);
        all.addAll(violating);
        return all;
    }

    /** How many candidates to look for among {@code numNodes} potential nodes (upstream's calculateNumCandidates). */
    int numCandidates(int numNodes) {
        int n = numNodes * minCandidateNodesPercentage / 100;
        if (n < minCandidateNodesAbsolute) {
            n = minCandidateNodesAbsolute;
        }
        return Math.min(n, numNodes);
    }
}
