package io.kube4j.bench.sched;

import java.util.List;

/**
 * One scheduler_perf workload: how many simulated nodes, init pods (scheduled before measuring)
 * and measured pods, which objects they are made of, and upstream's CI floor in pods/s (0 = none).
 *
 * @param skipReason non-null when this build cannot run the workload (printed instead of a number)
 */
record Workload(String name, Kind kind, int nodes, int initPods, int measuredPods, double floor, String skipReason) {

    /** The object shapes, after upstream's scheduler_perf templates. */
    enum Kind { BASIC, POD_ANTI_AFFINITY, TOPOLOGY_SPREADING, REQUIRED_POD_AFFINITY, PREEMPTION, BIND_CEILING }

    /** This workload on {@code count} nodes. */
    Workload withNodes(int count) {
        return new Workload(name, kind, count, initPods, measuredPods, floor, skipReason);
    }

    /** Every workload at {@code full} (the sizes) or {@code quick} (a smoke run) sizes. */
    static List<Workload> all(boolean full) {
        if (full) {
            return List.of(
                    new Workload("SchedulingBasic", Kind.BASIC, 5000, 1000, 10_000, 680, null),
                    new Workload("SchedulingPodAntiAffinity", Kind.POD_ANTI_AFFINITY, 5000, 1000, 1000, 0, null),
                    new Workload("TopologySpreading", Kind.TOPOLOGY_SPREADING, 5000, 5000, 5000, 460, null),
                    new Workload("SchedulingRequiredPodAffinity", Kind.REQUIRED_POD_AFFINITY, 5000, 5000, 1000, 35, null),
                    new Workload("Preemption", Kind.PREEMPTION, 1000, 4000, 1000, 0, null),
                    new Workload("ApiBindCeiling", Kind.BIND_CEILING, 5000, 0, 10_000, 0, null));
        }
        return List.of(
                new Workload("SchedulingBasic", Kind.BASIC, 200, 200, 1000, 680, null),
                new Workload("SchedulingPodAntiAffinity", Kind.POD_ANTI_AFFINITY, 200, 50, 100, 0, null),
                new Workload("TopologySpreading", Kind.TOPOLOGY_SPREADING, 200, 200, 500, 460, null),
                new Workload("SchedulingRequiredPodAffinity", Kind.REQUIRED_POD_AFFINITY, 200, 200, 200, 35, null),
                new Workload("Preemption", Kind.PREEMPTION, 20, 80, 20, 0, null),
                new Workload("ApiBindCeiling", Kind.BIND_CEILING, 200, 0, 1000, 0, null));
    }
}
