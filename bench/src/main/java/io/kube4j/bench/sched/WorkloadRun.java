package io.kube4j.bench.sched;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.bench.hollow.HollowNodesProcess;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.run.Fabric8ClusterWriter;
import io.kube4j.scheduler.run.Scheduler;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One run of one workload on a fresh in-process cluster: nodes, then init pods scheduled (not
 * measured), then the measured pods. The clock starts when the first measured pod is created
 * ({@code while} mode, as upstream: creation runs alongside scheduling) or when a freshly started
 * scheduler has listed the already created pods ({@code before} mode: creation is excluded), and
 * stops when the pod watch sees the last measured pod bound. On hollow nodes the init pods must
 * also be Running before the measured ones are created, and after the bound clock stops the run
 * waits for every measured pod to be Running (see {@link Running}).
 */
final class WorkloadRun {

    static final Duration STALL = Duration.ofSeconds(60);
    /**
     * How long the Running count may stand still on hollow nodes: a kubelet whose status write
     * failed five times (10 s client timeouts on an overloaded machine) writes it again at its next
     * pod sync, up to a minute later (its --sync-frequency), so a 60 s stall is not yet a hang.
     */
    static final Duration RUNNING_STALL = Duration.ofSeconds(150);

    /**
     * The outcome: measured pods per second, how fast the measured pods were created, and the
     * harness JVM's CPU time per measured pod over the measured window (apiserver, store and
     * scheduler together; less sensitive than pods/s to other processes on a shared machine, but
     * in {@code while} mode it includes creating the pods).
     */
    record Result(double podsPerSecond, double createdPerSecond, double seconds, double cpuMillisPerPod, Running running) {
    }

    /**
     * On hollow nodes: seconds from the clock's start until the last measured pod was seen Running,
     * and the bound → Running time of each measured pod (median and p99, ms), both seen through the
     * same watch.
     */
    record Running(double seconds, double boundToRunningP50Ms, double boundToRunningP99Ms) {
    }

    private WorkloadRun() {
    }

    static Result run(Workload w, boolean createBefore, int clients, NodeKind nodes) throws Exception {
        try (InProcessCluster cluster = InProcessCluster.start(); KubernetesClient client = cluster.client()) {
            for (String ns : new String[] {Templates.INIT_NAMESPACE, Templates.MEASURED_NAMESPACE}) {
                Namespace n = new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build();
                client.namespaces().resource(n).create();
            }
            if (nodes == NodeKind.HOLLOW) {
                try (HollowNodesProcess hollow = HollowSchedulerNodes.start(w, cluster, client, clients)) {
                    Result r = run(w, createBefore, clients, client, true);
                    if (!hollow.process().alive()) {
                        throw new IllegalStateException("kube4j hollow-nodes died during the run:\n" + hollow.process().tail());
                    }
                    return r;
                }
            }
            Creator.run(w.nodes(), clients, i -> createNode(client, Templates.node(w.kind(), i)));
            return run(w, createBefore, clients, client, false);
        }
    }

    private static Result run(Workload w, boolean createBefore, int clients, KubernetesClient client, boolean hollow) throws Exception {
        if (w.kind() == Workload.Kind.PREEMPTION) {
            client.resource(new PriorityClassBuilder().withNewMetadata().withName(Templates.HIGH_PRIORITY_CLASS)
                    .endMetadata().withValue(Templates.HIGH_PRIORITY).build()).create();
        }
        if (w.kind() == Workload.Kind.BIND_CEILING) {
            return bindCeiling(w, client, clients, hollow);
        }
        Scheduler scheduler = Scheduler.start(client, Profile.defaults());
        try {
            try (BoundPods init = new BoundPods(client, Templates.INIT_NAMESPACE)) {
                createPods(client, w, Templates.INIT_NAMESPACE, w.initPods(), clients);
                init.await(w.initPods(), STALL);
                if (hollow) {
                    // Their kubelets' work must not overlap the measured window.
                    init.awaitRunning(w.initPods(), RUNNING_STALL);
                }
            }
            try (BoundPods measured = new BoundPods(client, Templates.MEASURED_NAMESPACE)) {
                long start;
                long created;
                long cpu0;
                if (createBefore) {
                    scheduler.close();
                    long c0 = System.nanoTime();
                    createPods(client, w, Templates.MEASURED_NAMESPACE, w.measuredPods(), clients);
                    created = System.nanoTime() - c0;
                    cpu0 = processCpuNanos();
                    scheduler = Scheduler.start(client, Profile.defaults());
                    start = System.nanoTime();
                } else {
                    cpu0 = processCpuNanos();
                    start = System.nanoTime();
                    createPods(client, w, Templates.MEASURED_NAMESPACE, w.measuredPods(), clients);
                    created = System.nanoTime() - start;
                }
                Scheduler running = scheduler;
                measured.progress(() -> running.queue().counts() + " cached nodes " + running.cache().nodeCount());
                long end = measured.await(w.measuredPods(), STALL);
                long cpu = processCpuNanos() - cpu0;
                return result(w.measuredPods(), Math.max(end - start, 1), created, cpu, running(hollow, measured, w, start));
            }
        } finally {
            scheduler.close();
        }
    }

    /** The API's ceiling: the same pods bound by plain POST .../binding calls, no scheduler. */
    private static Result bindCeiling(Workload w, KubernetesClient client, int clients, boolean hollow) throws Exception {
        long c0 = System.nanoTime();
        createPods(client, w, Templates.MEASURED_NAMESPACE, w.measuredPods(), clients);
        long created = System.nanoTime() - c0;
        var writer = new Fabric8ClusterWriter(client, Profile.DEFAULT_SCHEDULER_NAME, "bench", Clock.systemUTC());
        try (BoundPods measured = new BoundPods(client, Templates.MEASURED_NAMESPACE)) {
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            Creator.run(w.measuredPods(), clients, i -> writer.bind(
                    Templates.pod(w.kind(), Templates.MEASURED_NAMESPACE, "pod-" + i),
                    "scheduler-perf-node-" + (i % w.nodes())));
            long end = measured.await(w.measuredPods(), STALL);
            long cpu = processCpuNanos() - cpu0;
            return result(w.measuredPods(), Math.max(end - start, 1), created, cpu, running(hollow, measured, w, start));
        }
    }

    /** On hollow nodes, waits (bounded by {@link #RUNNING_STALL} without progress) until every measured pod is Running. */
    private static Running running(boolean hollow, BoundPods measured, Workload w, long start) throws Exception {
        if (!hollow) {
            return null;
        }
        long end = measured.awaitRunning(w.measuredPods(), RUNNING_STALL);
        List<Double> latencies = measured.boundToRunningMillis();
        return new Running((end - start) / 1e9, percentile(latencies, 0.50), percentile(latencies, 0.99));
    }

    /** Nearest-rank percentile of sorted values (NaN for none). */
    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }

    private static Result result(int pods, long nanos, long createdNanos, long cpuNanos, Running running) {
        double seconds = nanos / 1e9;
        return new Result(pods / seconds, pods / (createdNanos / 1e9), seconds, cpuNanos / 1e6 / pods, running);
    }

    /** CPU time of this JVM so far (all threads), or 0 where the platform does not report it. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static void createPods(KubernetesClient client, Workload w, String ns, int count, int clients) throws Exception {
        Creator.run(count, clients, i -> {
            Pod pod = Templates.pod(w.kind(), ns, "pod-" + i);
            client.pods().inNamespace(ns).resource(pod).create();
        });
    }

    /** Creates a node; if the apiserver dropped the status on create (as upstream may), writes it after. */
    private static void createNode(KubernetesClient client, Node node) {
        Node created = client.nodes().resource(node).create();
        if (created.getStatus() == null || created.getStatus().getAllocatable() == null
                || created.getStatus().getAllocatable().isEmpty()) {
            created.setStatus(node.getStatus());
            client.nodes().resource(created).updateStatus();
        }
    }
}
