package io.kube4j.scheduler.preemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kube4j.scheduler.framework.Code;
import io.kube4j.scheduler.framework.NodeInfo;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

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

    private VictimSelection() {
    }

    /**
     * @param fits the pod's filter status on a (changed) node
     */
    public static Result select(Pod preemptor, NodeInfo node, List<PodDisruptionBudget> budgets,
                                BiFunction<Pod, NodeInfo, Status> fits) {
        NodeInfo sim = node.copy();
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
        Status all = fits.apply(preemptor, sim);
        if (!all.isSuccess()) {
            return new Result(null, all);
        }
        potential.sort(Priorities.MORE_IMPORTANT_FIRST);
        PdbViolations.Split split = PdbViolations.split(potential, budgets);
        List<Pod> victims = new ArrayList<>();
        int violations = 0;
        for (Pod p : split.violating()) {
            if (!reprieve(preemptor, p, sim, fits, victims)) {
                violations++;
            }
        }
        for (Pod p : split.nonViolating()) {
            reprieve(preemptor, p, sim, fits, victims);
        }
        victims.sort(Priorities.MORE_IMPORTANT_FIRST);
        return new Result(new Victims(victims, violations), Status.success());
    }

    /** Puts {@code p} back; if the preemptor then no longer fits, takes it off again as a victim. */
    private static boolean reprieve(Pod preemptor, Pod p, NodeInfo sim, BiFunction<Pod, NodeInfo, Status> fits,
                                    List<Pod> victims) {
        sim.addPod(p);
        if (fits.apply(preemptor, sim).isSuccess()) {
            return true;
        }
        sim.removePod(p);
        victims.add(p);
        return false;
    }
}
