package io.kube4j.bench.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of {@code bench/run-scheduler-bench.sh}: runs the selected scheduler_perf workloads
 * {@code --runs} times each, prints one line per run and a Markdown table of medians against
 * upstream's floors, and writes the table to {@code --out}. Exit 1 when a run failed.
 *
 * <p>Options: {@code --mode quick|full}, {@code --runs N} (default 3), {@code --warmup N}
 * (runs first, not counted, default 0), {@code --workloads a,b},
 * {@code --create while|before} (default while), {@code --clients N} (concurrent creators, default 32),
 * {@code --nodes objects|hollow} (default objects: bare Node objects as upstream's scheduler_perf;
 * hollow: {@code bin/kube4j hollow-nodes} in its own process, and the time until the measured pods
 * are Running is reported too; see {@link NodeKind}), {@code --node-count N} (every workload's node
 * count but Preemption's, whose init pods are sized to its nodes), {@code --out FILE}.
 */
public final class SchedulerBench {

    private SchedulerBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = "quick";
        int runs = 3;
        int warmup = 0;
        int clients = 32;
        boolean before = false;
        List<String> only = null;
        NodeKind nodes = NodeKind.OBJECTS;
        int nodeCount = 0;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--create" -> before = "before".equals(args[++i]);
                case "--workloads" -> only = Arrays.asList(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--nodes" -> nodes = NodeKind.parse(args[++i]);
                case "--node-count" -> nodeCount = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: [--mode quick|full] [--runs N] [--warmup N] [--workloads a,b] "
                            + "[--create while|before] [--clients N] [--nodes objects|hollow] [--node-count N] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = Path.of("bench/target/scheduler-bench-" + mode + (nodes == NodeKind.HOLLOW ? "-hollow" : "") + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        }
        boolean failed = false;
        boolean hollow = nodes == NodeKind.HOLLOW;
        StringBuilder table = new StringBuilder("| workload | nodes | init pods | measured pods | pods/s (median of "
                + runs + ") | runs | CPU ms/pod (median) | upstream floor |"
                + (hollow ? " all Running (s, median) | runs | bound → Running p50 / p99 (ms, medians) |" : "")
                + "\n|---|---|---|---|---|---|---|---|" + (hollow ? "---|---|---|" : "") + "\n");
        double load = loadAverage();
        for (Workload listed : Workload.all("full".equals(mode))) {
            Workload w = nodeCount > 0 && listed.kind() != Workload.Kind.PREEMPTION ? listed.withNodes(nodeCount) : listed;
            if (only != null && !only.contains(w.name())) {
                continue;
            }
            if (w.skipReason() != null) {
                System.out.println(w.name() + ": SKIPPED: " + w.skipReason());
                table.append(String.format("| %s | %d | %d | %d | skipped: %s | | | |%n", w.name(), w.nodes(),
                        w.initPods(), w.measuredPods(), w.skipReason()));
                continue;
            }
            List<Double> rates = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> runningS = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            // Warm-up runs (r <= 0) are printed but not counted: the first runs in a fresh JVM
            // measure the JIT as much as the code.
            for (int r = 1 - warmup; r <= runs; r++) {
                try {
                    WorkloadRun.Result res = WorkloadRun.run(w, before, clients, nodes);
                    if (r > 0) {
                        rates.add(res.podsPerSecond());
                        cpu.add(res.cpuMillisPerPod());
                        if (res.running() != null) {
                            runningS.add(res.running().seconds());
                            p50.add(res.running().boundToRunningP50Ms());
                            p99.add(res.running().boundToRunningP99Ms());
                        }
                    }
                    if (res.running() != null) {
                        System.out.printf(Locale.ROOT, "%s: all %d measured pods Running %.2f s after the start; bound -> Running "
                                + "p50 %.0f ms, p99 %.0f ms (load average %s)%n", w.name(), w.measuredPods(), res.running().seconds(),
                                res.running().boundToRunningP50Ms(), res.running().boundToRunningP99Ms(), loadAverage());
                    }
                    System.out.printf(Locale.ROOT,
                            "%s %s %d: %.0f pods/s (%d pods in %.2f s; created at %.0f pods/s; %.2f CPU ms/pod)%n",
                            w.name(), r > 0 ? "run" : "warm-up", r > 0 ? r : r + warmup, res.podsPerSecond(),
                            w.measuredPods(), res.seconds(), res.createdPerSecond(), res.cpuMillisPerPod());
                } catch (Exception e) {
                    failed = true;
                    System.out.println(w.name() + " run " + r + ": FAILED: " + e);
                    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                        System.out.println("  caused by: " + c);
                    }
                }
            }
            String median = rates.isEmpty() ? "failed" : String.format(Locale.ROOT, "%.0f", median(rates));
            String runList = rates.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
            String floor = w.floor() == 0 ? "-" : String.format(Locale.ROOT, "%.0f (%s)", w.floor(),
                    !rates.isEmpty() && median(rates) >= w.floor() ? "above" : "below");
            String cpuMedian = cpu.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", median(cpu));
            table.append(String.format("| %s | %d | %d | %d | %s | %s | %s | %s |", w.name(), w.nodes(), w.initPods(),
                    w.measuredPods(), median, runList, cpuMedian, floor));
            if (hollow) {
                table.append(runningS.isEmpty() ? " failed | | |" : String.format(Locale.ROOT, " %.2f | %s | %.0f / %.0f |",
                        median(runningS), runningS.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), median(p50),
                        median(p99)));
            }
            table.append('\n');
        }
        String report = "# kube4j scheduler benchmark (" + mode + ", create " + (before ? "before" : "while")
                + " scheduling, " + clients + " clients, " + Runtime.getRuntime().availableProcessors() + " CPUs, nodes: "
                + (hollow ? "kube4j hollow-nodes, capacity " + HollowSchedulerNodes.CAPACITY : "Node objects")
                + "; load average " + load + " at start, " + loadAverage() + " at end)\n\n" + table;
        System.out.println();
        System.out.println(report);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        } catch (IOException e) {
            System.err.println("scheduler-bench: could not write " + out + ": " + e.getMessage());
        }
        System.exit(failed ? 1 : 0);
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or -1 where there is none: the machine is shared. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
