package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;

/**
 * The fewest victims on one node, as upstream's SelectVictimsOnNode: take every lower-priority
 * pod off a copy of the node; if the preemptor still does not fit, the node is no candidate.
 * Otherwise put the pods back one by one, most important first, the ones whose eviction would
 * violate a PodDisruptionBudget before the others, keeping each that still lets the preemptor
 * fit; the rest are the victims. Stateless.
 */
public final class VictimSelection {

    /** Upstream's status when a node has no lower-priority pod to evict. */
    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** The victims, or the status saying why the node cannot be a candidate. */
    public record Result(Victims victims, Status status) {
    }

    /** A copy of one node that pods can be taken off and put back on, and the preemptor's fit there. */
    public interface Simulation {
        void removePod(Pod p);

        void addPod(Pod p);

        /** The preemptor's filter status on the node as it is now. */
        Status fits();
    }

    private VictimSelection() {
    }

    /**
     * @param sim a fresh simulation of {@code node}
     */
    public static Result select(Pod preemptor, NodeInfo node, List<PodDisruptionBudget> budgets, Simulation sim) {
        int priority = Priorities.priorityOf(preemptor);
        List<Pod> potential = new ArrayList<>();
        for (PodInfo p : node.pods()) {
            if (Priorities.priorityOf(p.pod()) < priority) {
                potential.add(p.pod());
                sim.removePod(p.pod());
            }
        }
        if (potential.isEmpty()) {
            return new Result(null, Status.of(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, NO_VICTIMS));
        }
        Status all = sim.fits();
        if (!all.isSuccess()) {
            return new Result(null, all);
        }
        potential.sort(Priorities.MORE_IMPORTANT_FIRST);
        PdbViolations.Split split = PdbViolations.split(potential, budgets);
        List<Pod> victims = new ArrayList<>();
        int violations = 0;
        for (Pod p : split.violating()) {
            if (!reprieve(p, sim, victims)) {
                violations++;
            }
        }
        for (Pod p : split.nonViolating()) {
            reprieve(p, sim, victims);
        }
        victims.sort(Priorities.MORE_IMPORTANT_FIRST);
        return new Result(new Victims(victims, violations), Status.success());
    }

    /** Puts {@code p} back; if the preemptor then no longer fits, takes it off again as a victim. */
    private static boolean reprieve(Pod p, Simulation sim, List<Pod> victims) {
        sim.addPod(p);
        if (sim.fits().isSuccess()) {
            return true;
        }
        sim.removePod(p);
        victims.add(p);
        return false;
    }
}
