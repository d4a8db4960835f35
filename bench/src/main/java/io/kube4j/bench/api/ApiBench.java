package io.kube4j.bench.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The apiserver benchmark's command line: starts {@code bin/kube4j server} once per run and measures
 * it through HTTP/2 with the admin certificate, against its own store as the reference. Options left
 * out take the mode's defaults ({@code quick} or {@code full}).
 */
@Command(name = "api-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Benchmarks the kube4j apiserver (writes, GET, LIST, watch fan-out) and writes Markdown tables.")
public final class ApiBench implements Callable<Integer> {
  @Option(names = "--mode", defaultValue = "quick", description = "quick (~6 min on 2 cores) or full")
  String mode;
  @Option(names = "--runs", defaultValue = "3", description = "runs, each on a fresh server; tables show the median")
  int runs;
  @Option(names = "--sections", split = ",", defaultValue = "writes,get,list,watch")
  List<String> sections;
  @Option(names = "--write-rate", defaultValue = "500", description = "open-loop arrivals per second of each write phase")
  int writeRate;
  @Option(names = "--write-seconds", description = "seconds per write phase (quick 8, full 20)")
  Integer writeSeconds;
  @Option(names = "--read-seconds", description = "seconds per GET phase (quick 3, full 10)")
  Integer readSeconds;
  @Option(names = "--list-seconds", description = "seconds per LIST cell (quick 3, full 10)")
  Integer listSeconds;
  @Option(names = "--read-clients", defaultValue = "16", description = "concurrency of the GET phases")
  int readClients;
  @Option(names = "--list-clients", defaultValue = "2", description = "concurrency of the LIST phases")
  int listClients;
  @Option(names = "--small-list", defaultValue = "1000", description = "pods of the small LIST (and the GET set)")
  int smallList;
  @Option(names = "--large-list", defaultValue = "10000", description = "pods of the large LIST")
  int largeList;
  @Option(names = "--watchers", defaultValue = "10000")
  int watchers;
  @Option(names = "--watch-writes", description = "updates seen by every watcher (quick 20, full 100)")
  Integer watchWrites;
  @Option(names = "--connections", defaultValue = "4", description = "HTTP/2 connections for ordinary requests")
  int connections;
  @Option(names = "--watch-connections", defaultValue = "20",
      description = "HTTP/2 connections for the watches (the server allows 1000 streams on each)")
  int watchConnections;
  @Option(names = "--warmup-seconds", description = "unmeasured load at the start of each run (quick 5, full 10)")
  Integer warmupSeconds;
  @Option(names = "--request-timeout-seconds", defaultValue = "30")
  int requestTimeoutSeconds;
  @Option(names = "--start-timeout-seconds", defaultValue = "120")
  int startTimeoutSeconds;
  @Option(names = "--repo-root", defaultValue = ".", description = "kube4j checkout holding bin/kube4j")
  Path repoRoot;
  @Option(names = "--work-dir", description = "where the servers' temporary directories go (default java.io.tmpdir)")
  Path workDir;
  @Option(names = "--out", description = "results file (default <repo-root>/bench/target/api-bench-<mode>-<time>.md)")
  Path out;

  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new ApiBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    boolean full = switch (mode) {
      case "quick" -> false;
      case "full" -> true;
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "--mode: quick or full");
    };
    for (String section : sections) {
      if (!List.of("writes", "get", "list", "watch").contains(section)) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "--sections: writes, get, list, watch; not " + section);
      }
    }
    Path root = repoRoot.toAbsolutePath().normalize();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    ApiBenchOptions options = new ApiBenchOptions(mode, runs, sections, writeRate,
        or(writeSeconds, full ? 20 : 8), or(readSeconds, full ? 10 : 3), or(listSeconds, full ? 10 : 3),
        readClients, listClients, smallList, largeList, watchers, or(watchWrites, full ? 100 : 20),
        connections, watchConnections, or(warmupSeconds, full ? 10 : 5),
        Duration.ofSeconds(requestTimeoutSeconds), Duration.ofSeconds(startTimeoutSeconds),
        root.resolve("bin/kube4j"),
        workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")),
        out != null ? out : root.resolve("bench/target/api-bench-" + mode + "-" + stamp + ".md"));
    return new ApiBenchRunner(options).run();
  }

  private static <T> T or(T given, T fallback) {
    return given != null ? given : fallback;
  }
}
