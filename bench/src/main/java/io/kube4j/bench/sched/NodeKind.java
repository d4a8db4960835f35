package io.kube4j.bench.sched;

/**
 * What the benchmark's nodes are ({@code --nodes}).
 *
 * <ul>
 *   <li>{@link #OBJECTS} (default): bare Node objects with a Ready condition, written once, as
 *       upstream's scheduler_perf makes them; nothing runs the pods.
 *   <li>{@link #HOLLOW}: {@code bin/kube4j hollow-nodes} in its own process, real kubelets over the
 *       simulated runtime registering the same names, labels and capacity (as kubemark's hollow
 *       nodes); they renew Leases, update status and take bound pods to Running, so the run also
 *       measures scheduled → Running.
 * </ul>
 */
enum NodeKind {
    OBJECTS, HOLLOW;

    static NodeKind parse(String text) {
        return switch (text) {
            case "objects" -> OBJECTS;
            case "hollow" -> HOLLOW;
            default -> throw new IllegalArgumentException("--nodes takes objects or hollow, not " + text);
        };
    }
}
