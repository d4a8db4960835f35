package io.kube4j.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The store benchmark's command line: real etcd and {@code bin/kube4j store}, started by the
 * harness, measured through the same jetcd client in the same run. Options left out take the
 * mode's defaults ({@code quick} or {@code full}).
 */
@Command(name = "store-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmarks the kube4j store against etcd (same client, same run) and writes Markdown tables.")
final class StoreBench implements Callable<Integer> {
  @Option(names = "--mode", defaultValue = "quick", description = "quick (~5 min on 2 cores) or full")
  String mode;
  @Option(names = "--runs", defaultValue = "3", description = "runs per cell; tables show the median")
  int runs;
  @Option(names = "--targets", split = ",", defaultValue = "etcd,kube4j", description = "etcd, kube4j")
  List<String> targets;
  @Option(names = "--members", split = ",", defaultValue = "1,3", description = "cluster sizes")
  List<Integer> members;
  @Option(names = "--workloads", split = ",", defaultValue = "put,range,watch,memory")
  List<String> workloads;
  @Option(names = "--put-clients", split = ",", defaultValue = "1,16,256", description = "put concurrency levels")
  List<Integer> putClients;
  @Option(names = "--read-clients", defaultValue = "16", description = "concurrency of range reads and memory load")
  int readClients;
  @Option(names = "--seconds", description = "measured seconds per load phase (quick 2, full 10)")
  Integer seconds;
  @Option(names = "--warmup-seconds", description = "unmeasured seconds before each phase (quick 1, full 2)")
  Integer warmupSeconds;
  @Option(names = "--client-warmup-seconds", defaultValue = "5",
      description = "unmeasured load before the first measurement of the run (JIT warm-up of the harness)")
  int clientWarmupSeconds;
  @Option(names = "--max-ops", description = "request bound per load phase (quick 100000, full 2000000)")
  Long maxOps;
  @Option(names = "--value-bytes", defaultValue = "256")
  int valueBytes;
  @Option(names = "--connections-per-member", defaultValue = "4", description = "jetcd clients per member")
  int connectionsPerMember;
  @Option(names = "--watchers", defaultValue = "1000")
  int watchers;
  @Option(names = "--watch-puts", description = "puts of the fan-out writer (quick 100, full 1000)")
  Integer watchPuts;
  @Option(names = "--watch-rate", defaultValue = "0", description = "fan-out writer puts/s, 0 = back to back")
  int watchRate;
  @Option(names = "--watch-wait-seconds", defaultValue = "60",
      description = "bound on the wait for all fan-out deliveries after the last put")
  int watchWaitSeconds;
  @Option(names = "--memory-keys", description = "keys loaded for the memory figure (quick 250000, full 1000000)")
  Long memoryKeys;
  @Option(names = "--memory-seconds", description = "bound on the memory load (quick 60, full 300)")
  Integer memorySeconds;
  @Option(names = "--request-timeout-seconds", defaultValue = "10")
  int requestTimeoutSeconds;
  @Option(names = "--start-timeout-seconds", defaultValue = "60")
  int startTimeoutSeconds;
  @Option(names = "--etcd", defaultValue = "etcd", description = "the etcd program")
  Path etcd;
  @Option(names = "--repo-root", defaultValue = ".", description = "kube4j checkout holding bin/kube4j")
  Path repoRoot;
  @Option(names = "--kube4j", description = "the kube4j launcher (default <repo-root>/bin/kube4j)")
  Path kube4j;
  @Option(names = "--work-dir", description = "where clusters' temporary directories go (default java.io.tmpdir)")
  Path workDir;
  @Option(names = "--out", description = "results file (default <repo-root>/bench/target/store-bench-<mode>-<time>.md)")
  Path out;

  public static void main(String[] args) {
    // gRPC logs through java.util.logging; route it to SLF4J so logback.xml governs it too.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new StoreBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean full = switch (mode) {
      case "quick" -> false;
      case "full" -> true;
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "--mode: quick or full");
    };
    Path root = repoRoot.toAbsolutePath().normalize();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    BenchOptions options = new BenchOptions(mode, runs, targets, members, workloads, putClients, readClients,
        or(seconds, full ? 10 : 2),
        or(warmupSeconds, full ? 2 : 1),
        clientWarmupSeconds,
        or(maxOps, full ? 2_000_000L : 100_000L),
        valueBytes, connectionsPerMember, watchers,
        or(watchPuts, full ? 1000 : 100),
        watchRate,
        watchWaitSeconds,
        or(memoryKeys, full ? 1_000_000L : 250_000L),
        or(memorySeconds, full ? 300 : 60),
        requestTimeoutSeconds, startTimeoutSeconds, etcd,
        kube4j != null ? kube4j : root.resolve("bin/kube4j"),
        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")),
        out != null ? out : root.resolve("bench/target/store-bench-" + mode + "-" + stamp + ".md"));
    return new BenchRunner(options).run();
  }

  private static <T> T or(T given, T fallback) {
    return given != null ? given : fallback;
  }
}
