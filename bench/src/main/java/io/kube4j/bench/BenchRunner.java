package io.kube4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every selected workload against every target and cluster size, {@code runs} times, and
 * writes the report. Targets alternate inside each run (run 1: etcd then kube4j, run 2: the same…)
 * so that slow drift of the machine affects both sides alike. Each (run, size, target) gets fresh
 * clusters: one shared by put, range and watch, and one of its own for memory.
 *
 * <p>A target that cannot start is reported as failed for that size and not retried in later runs;
 * the exit status is then non-zero, as it is when any workload failed.
 */
final class BenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);

  private final BenchOptions options;
  private final Report report;
  private boolean clientWarm;

  BenchRunner(BenchOptions options) {
    this.options = options;
    this.report = new Report(options.targets());
  }

  /** Runs everything; returns the process exit status (0 only when nothing failed). */
  int run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    List<Workload> shared = new ArrayList<>();
    List<Workload> fresh = new ArrayList<>();
    for (String name : options.workloads()) {
      Workload workload = switch (name) {
        case "put" -> new PutWorkload(options);
        case "range" -> new RangeWorkload(options);
        case "watch" -> new WatchFanoutWorkload(options);
        case "memory" -> new MemoryWorkload(options);
        default -> throw new IllegalArgumentException(name);
      };
      report.describe(workload.title(), workload.description());
      (workload.needsFreshCluster() ? fresh : shared).add(workload);
    }
    for (int run = 1; run <= options.runs(); run++) {
      for (int members : options.memberCounts()) {
        for (String target : options.targets()) {
          if (report.hasFailed(target, members)) {
            LOG.warn("run {}: skipping {} with {} member(s): it could not start before", run, target, members);
            continue;
          }
          LOG.info("run {}/{}: {} with {} member(s)", run, options.runs(), target, members);
          if (!shared.isEmpty()) {
            runOnOneCluster(target, members, shared);
          }
          for (Workload workload : fresh) {
            if (!report.hasFailed(target, members)) {
              runOnOneCluster(target, members, List.of(workload));
            }
          }
        }
      }
    }
    String markdown = header(Duration.between(started, Instant.now())) + report.render(options.runs());
    Files.createDirectories(options.out().toAbsolutePath().getParent());
    Files.writeString(options.out(), markdown);
    System.out.println(markdown);
    LOG.info("results written to {}", options.out().toAbsolutePath());
    if (report.hasFailures()) {
      LOG.error("some targets or workloads FAILED; see the Failures section of {}", options.out());
      return 1;
    }
    return 0;
  }

  private void runOnOneCluster(String target, int members, List<Workload> workloads) throws InterruptedException {
    StoreTarget store = options.target(target);
    try (StoreCluster cluster = StoreCluster.start(store, members, options.workDir(),
            Duration.ofSeconds(options.startTimeoutSeconds()));
         ClientPool pool = new ClientPool(cluster.clientUrls(), options.connectionsPerMember())) {
      BenchContext context = new BenchContext(cluster, pool, options, report);
      if (!clientWarm) {
        warmUpClient(pool);
        clientWarm = true;
      }
      for (Workload workload : workloads) {
        LOG.info("  {}", workload.title());
        try {
          workload.run(context);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          LOG.error("{} with {} member(s): {} FAILED: {}", target, members, workload.title(), e.toString());
          report.fail(target, members, workload.title(), ClosedLoop.describe(e));
        }
      }
    } catch (ClusterStartException e) {
      LOG.error("{} with {} member(s) FAILED TO START:\n{}", target, members, e.getMessage());
      report.fail(target, members, null, e.getMessage());
    } catch (RuntimeException e) { // e.g. the client pool could not be built: these workloads fail
      LOG.error("{} with {} member(s) FAILED: {}", target, members, e.toString());
      workloads.forEach(workload -> report.fail(target, members, workload.title(), ClosedLoop.describe(e)));
    }
  }

  /**
   * Puts and gets for {@code clientWarmupSeconds}, unmeasured, on the first cluster started: without
   * it the first target measured would pay for the harness JVM's JIT compilation of jetcd, gRPC and
   * Netty. Failures are ignored here; the workloads report them.
   */
  private void warmUpClient(ClientPool pool) throws InterruptedException {
    if (options.clientWarmupSeconds() <= 0) {
      return;
    }
    LOG.info("  client warm-up, {} s (not measured)", options.clientWarmupSeconds());
    io.etcd.jetcd.ByteSequence value = Payloads.value(options.valueBytes(), 5);
    ClosedLoop.run(16, Long.MAX_VALUE, options.clientWarmup(), (client, seq) -> {
      io.etcd.jetcd.ByteSequence key = Payloads.key("/bench/warmup/", seq % 1000);
      pool.kv(client).put(key, value).get(options.requestTimeoutSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      pool.kv(client).get(key).get(options.requestTimeoutSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    });
  }

  private String header(Duration took) {
    return "## Store benchmark, " + options.mode() + " mode, " + Instant.now().toString().substring(0, 16)
        + "Z\n\n"
        + "Median of " + options.runs() + " run(s) per cell; ratio = kube4j median / etcd median "
        + "(above 1: kube4j is higher, better for throughput, worse for latency and memory). "
        + "Harness run took " + took.toMinutes() + " min " + took.toSecondsPart() + " s.\n\n"
        + MachineInfo.describe(options);
  }
}
