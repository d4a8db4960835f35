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
 * {@code --out FILE}.
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
                default -> {
                    System.err.println("usage: [--mode quick|full] [--runs N] [--warmup N] [--workloads a,b] "
                            + "[--create while|before] [--clients N] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            out = Path.of("bench/target/scheduler-bench-" + mode + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        }
        boolean failed = false;
        StringBuilder table = new StringBuilder("| workload | nodes | init pods | measured pods | pods/s (median of "
                + runs + ") | runs | CPU ms/pod (median) | upstream floor |\n|---|---|---|---|---|---|---|---|\n");
        for (Workload w : Workload.all("full".equals(mode))) {
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
            // Warm-up runs (r <= 0) are printed but not counted: the first runs in a fresh JVM
            // measure the JIT as much as the code.
            for (int r = 1 - warmup; r <= runs; r++) {
                try {
                    WorkloadRun.Result res = WorkloadRun.run(w, before, clients);
                    if (r > 0) {
                        rates.add(res.podsPerSecond());
                        cpu.add(res.cpuMillisPerPod());
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
            table.append(String.format("| %s | %d | %d | %d | %s | %s | %s | %s |%n", w.name(), w.nodes(), w.initPods(),
                    w.measuredPods(), median, runList, cpuMedian, floor));
        }
        String report = "# kube4j scheduler benchmark (" + mode + ", create " + (before ? "before" : "while")
                + " scheduling, " + clients + " clients, " + Runtime.getRuntime().availableProcessors() + " CPUs)\n\n"
                + table;
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

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
