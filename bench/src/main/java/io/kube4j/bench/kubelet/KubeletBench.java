package io.kube4j.bench.kubelet;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Entry point of {@code bench/run-kubelet-bench.sh}: {@code startup [--pods N] [--runs R] [--out FILE]}
 * ({@link StartupBench}: pod startup latency on a real runc node; 100 pods, 3 runs by default) or
 * {@code hollow [--nodes N] [--pods-per-node P] [--out FILE]} ({@link HollowBench}: the footprint
 * of N hollow nodes; 1,000 nodes, 3 pods each by default). Run from the repository root.
 */
public final class KubeletBench {

    private KubeletBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("startup") || args[0].equals("hollow"))) {
            usage();
        }
        String what = args[0];
        int pods = 100;
        int runs = 3;
        int nodes = 1000;
        int podsPerNode = 3;
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            if (i + 1 >= args.length) {
                usage();
            }
            switch (args[i]) {
                case "--pods" -> pods = positive(args[++i]);
                case "--runs" -> runs = positive(args[++i]);
                case "--nodes" -> nodes = positive(args[++i]);
                case "--pods-per-node" -> podsPerNode = positive(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> usage();
            }
        }
        if (out == null) {
            out = Path.of("bench/target/kubelet-bench-" + what + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        }
        int code = what.equals("startup") ? StartupBench.run(pods, runs, out) : HollowBench.run(nodes, podsPerNode, out);
        System.exit(code);
    }

    private static int positive(String text) {
        int n = Integer.parseInt(text);
        if (n < 1) {
            usage();
        }
        return n;
    }

    private static void usage() {
        System.err.println("usage: startup [--pods N] [--runs R] [--out FILE] | hollow [--nodes N] [--pods-per-node P] [--out FILE]");
        System.exit(2);
    }
}
