package io.kube4j.bench.api;

import io.etcd.jetcd.Client;
import io.kube4j.bench.ClosedLoop;
import io.kube4j.bench.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected sections {@code runs} times, each run on a fresh {@code kube4j server}, and
 * writes the report. Within a run the order is fixed (writes fill the large namespace that LIST
 * reads; the fan-out runs last, on a server that has served everything else).
 *
 * <p>A section that fails is reported with its reason and the run goes on with the next one; a
 * server that cannot start fails the whole run. The exit status is 1 when anything failed or a
 * target was not measured; missing a target is a finding, not a failure of the harness.
 */
final class ApiBenchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ApiBenchRunner.class);

  private final ApiBenchOptions options;
  private final ApiReport report = new ApiReport();

  ApiBenchRunner(ApiBenchOptions options) {
    this.options = options;
  }

  int run() throws IOException, InterruptedException {
    Instant started = Instant.now();
    describeAndTarget();
    for (int run = 1; run <= options.runs(); run++) {
      LOG.info("run {}/{}: starting kube4j server", run, options.runs());
      try (ApiServerProcess server = ApiServerProcess.start(options.launcher(), options.workDir(),
              options.startTimeout());
           ApiClient api = new ApiClient(server.kubeconfig(), options.connections(), options.requestTimeout());
           Client store = Client.builder().endpoints(server.storeClientUrl()).build()) {
        RunContext context = new RunContext(run, server, api, store, options, report);
        prepare(context);
        section(context, "writes", WriteSection.TITLE, () -> WriteSection.run(context));
        if (!options.runs("writes") && options.runs("list")) {
          PodLoader.load(context, RunContext.LARGE_NAMESPACE, 0, options.largeList(), Duration.ofMinutes(5));
        }
        section(context, "get", GetSection.TITLE, () -> GetSection.run(context));
        section(context, "list", ListSection.TITLE, () -> ListSection.run(context));
        section(context, "watch", WatchSection.TITLE, () -> WatchSection.run(context));
      } catch (IOException | RuntimeException e) {
        LOG.error("run {} FAILED: {}", run, e.getMessage());
        report.fail("server", run, e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    Duration took = Duration.between(started, Instant.now());
    String markdown = header(took) + report.render(options.runs());
    Files.createDirectories(options.out().toAbsolutePath().getParent());
    Files.writeString(options.out(), markdown);
    System.out.println(markdown);
    LOG.info("results written to {}", options.out().toAbsolutePath());
    return report.hasFailures() ? 1 : 0;
  }

  /** A section body. */
  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private void section(RunContext context, String name, String title, Body body) throws InterruptedException {
    if (!options.runs(name)) {
      return;
    }
    LOG.info("  {}", title);
    try {
      body.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      LOG.error("run {}: {} FAILED: {}", context.run(), title, e.toString());
      report.fail(title, context.run(), ClosedLoop.describe(e));
    }
  }

  /**
   * Namespaces, the small namespace's pods, then an unmeasured mix of GETs and LISTs so that both
   * JVMs have compiled the hot paths before the first measurement.
   */
  private void prepare(RunContext context) throws IOException, InterruptedException {
    for (String ns : new String[] {RunContext.SMALL_NAMESPACE, RunContext.LARGE_NAMESPACE,
        RunContext.FANOUT_NAMESPACE}) {
      PodLoader.namespace(context, ns);
    }
    long began = System.nanoTime();
    PodLoader.load(context, RunContext.SMALL_NAMESPACE, 0, options.smallList(), Duration.ofMinutes(2));
    LOG.info("  loaded {} pods in {} ms; warm-up {} s (not measured)", options.smallList(),
        (System.nanoTime() - began) / 1_000_000, options.warmupSeconds());
    long timeout = options.requestTimeout().toSeconds();
    String pods = RunContext.podsPath(RunContext.SMALL_NAMESPACE);
    ClosedLoop.run(8, Long.MAX_VALUE, Duration.ofSeconds(options.warmupSeconds()), (client, seq) -> {
      if (seq % 50 == 0) {
        context.api().getCounting(pods).get(timeout, TimeUnit.SECONDS);
      } else {
        context.api().send("GET", RunContext.podPath(RunContext.SMALL_NAMESPACE,
            PodManifests.name(seq % options.smallList())), null).get(timeout, TimeUnit.SECONDS);
      }
    });
  }

  private void describeAndTarget() {
    if (options.runs("writes")) {
      report.describe(WriteSection.TITLE, WriteSection.description(options));
      report.target(new Target("CREATE p99 at " + options.writeRate() + "/s", WriteSection.TITLE,
          "CREATE p99 (ms)", 1000, "ms"));
      report.target(new Target("UPDATE p99 at " + options.writeRate() + "/s", WriteSection.TITLE,
          "UPDATE p99 (ms)", 1000, "ms"));
    }
    if (options.runs("get")) {
      report.describe(GetSection.TITLE, GetSection.description(options));
    }
    if (options.runs("list")) {
      report.describe(ListSection.TITLE, ListSection.description(options));
      report.target(new Target("LIST of " + options.largeList() + " pods p99 (default, consistent)",
          ListSection.TITLE, "LIST " + options.largeList() + ", default (consistent), p99 (ms)", 1000, "ms"));
      report.target(new Target("LIST of " + options.largeList() + " pods p99 (resourceVersion=0)",
          ListSection.TITLE, "LIST " + options.largeList() + ", resourceVersion=0, p99 (ms)", 1000, "ms"));
    }
    if (options.runs("watch")) {
      report.describe(WatchSection.TITLE, WatchSection.description(options));
      // Judged on the heap after GC only: RSS moves with the JVM's heap sizing (a heap already
      // committed for the LISTs absorbs the watches, and G1 may uncommit between the two readings),
      // so it is reported but cannot resolve a few KiB per watch.
      report.target(new Target("heap per idle watch", WatchSection.TITLE, "heap per idle watch (KiB)", 10, "KiB"));
    }
  }

  private String header(Duration took) {
    return "## Apiserver benchmark, " + options.mode() + " mode, " + Instant.now().toString().substring(0, 16) + "Z\n\n"
        + "Median of " + options.runs() + " run(s), each on a fresh `bin/kube4j server` (embedded store + "
        + "apiserver, HTTPS/HTTP2 on loopback), client and server on the same machine. Harness run took "
        + took.toMinutes() + " min " + took.toSecondsPart() + " s.\n\n"
        + MachineInfo.describeHost(options.workDir())
        + "- kube4j: bin/kube4j server, KUBE4J_JAVA_OPTS=" + ApiServerProcess.javaOpts() + "\n"
        + "- client: JDK java.net.http.HttpClient (HTTP/2, admin client certificate), " + options.connections()
        + " connections; store reference through jetcd-core " + MachineInfo.jetcdVersionName() + "\n";
  }
}
