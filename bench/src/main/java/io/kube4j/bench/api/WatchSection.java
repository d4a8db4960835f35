package io.kube4j.bench.api;

import io.kube4j.apiserver.json.KubeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch fan-out: {@code watchers} concurrent watches of one namespace's pods, HTTP/2 streams spread
 * over a few connections, counted on the server through {@code apiserver_longrunning_requests}.
 * Memory per idle watch is the server's heap after a full GC (and its RSS) with the watches open
 * minus the same with none, divided by their number. Then {@code watchWrites} sequential updates of
 * one pod: every watch must see every one.
 */
final class WatchSection {
  static final String TITLE = "Watch fan-out";
  private static final Logger LOG = LoggerFactory.getLogger(WatchSection.class);
  private static final int OPEN_BATCH = 1000;
  private static final Duration DELIVERY_BOUND = Duration.ofSeconds(120);

  private WatchSection() {}

  static String description(ApiBenchOptions options) {
    return options.watchers() + " watches of one namespace's pods (HTTP/2, " + options.watchConnections()
        + " connections), then " + options.watchWrites() + " sequential UPDATEs of one pod there: "
        + "events/s = deliveries / (last delivery − first write). Memory per idle watch: "
        + "(heap after `jcmd GC.run` with the watches open − the same with none) / watches; likewise RSS "
        + "(VmRSS), which also holds memory the JVM keeps after GC.";
  }

  static void run(RunContext context) throws IOException, InterruptedException {
    ApiBenchOptions options = context.options();
    String ns = RunContext.FANOUT_NAMESPACE;
    String pod = PodManifests.name(0);
    context.api().call("POST", RunContext.podsPath(ns), PodManifests.create(ns, 0));
    String rv = KubeJson.json().readTree(context.api().call("GET", RunContext.podsPath(ns), null))
        .path("metadata").path("resourceVersion").asString("");
    String watchPath = RunContext.podsPath(ns) + "?watch=1&resourceVersion=" + rv;
    ApiReport report = context.report();

    try (ApiClient watchClient = new ApiClient(context.server().kubeconfig(), options.watchConnections(),
        options.requestTimeout())) {
      Thread.sleep(1000);
      long heapBefore = context.server().heapAfterGcKiB();
      long rssBefore = context.server().rssKiB();

      LOG.info("    opening {} watches", options.watchers());
      FanoutWatcher.Tally tally = new FanoutWatcher.Tally(options.watchers());
      List<FanoutWatcher> watchers = new ArrayList<>();
      long openStart = System.nanoTime();
      for (int from = 0; from < options.watchers(); from += OPEN_BATCH) {
        List<CompletableFuture<Integer>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(options.watchers(), from + OPEN_BATCH); i++) {
          FanoutWatcher watcher = new FanoutWatcher(tally, options.watchWrites());
          watchers.add(watcher);
          batch.add(watchClient.watch(i % watchClient.connections(), watchPath, watcher));
        }
        for (CompletableFuture<Integer> opened : batch) {
          int status = get(opened, options.requestTimeout());
          if (status != 200) {
            throw new IOException("watch " + watchPath + ": HTTP " + status);
          }
        }
      }
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      report.record(TITLE, "watches opened/s", options.watchers() / openSeconds);
      double open = awaitOpenWatches(context, options.watchers(), Duration.ofSeconds(60));
      report.record(TITLE, "apiserver_longrunning_requests while open", open);

      Thread.sleep(2000); // idle: nothing in flight
      long heapAfter = context.server().heapAfterGcKiB();
      long rssAfter = context.server().rssKiB();
      WatcherMemory heap = new WatcherMemory(heapBefore, heapAfter, options.watchers());
      WatcherMemory rss = new WatcherMemory(rssBefore, rssAfter, options.watchers());
      report.record(TITLE, "server heap after GC, no watch (MiB)", heapBefore / 1024.0);
      report.record(TITLE, "server heap after GC, watches open (MiB)", heapAfter / 1024.0);
      report.record(TITLE, "heap per idle watch (KiB)", heap.perWatcherKiB());
      report.record(TITLE, "server RSS, no watch (MiB)", rssBefore / 1024.0);
      report.record(TITLE, "server RSS, watches open (MiB)", rssAfter / 1024.0);
      report.record(TITLE, "RSS per idle watch (KiB)", rss.perWatcherKiB());

      LOG.info("    {} updates to {} watchers", options.watchWrites(), options.watchers());
      long firstWrite = System.nanoTime();
      for (int k = 1; k <= options.watchWrites(); k++) {
        context.api().call("PUT", RunContext.podPath(ns, pod), PodManifests.update(ns, 0, k));
      }
      long lastWriteDone = System.nanoTime();
      boolean all = tally.done.await(DELIVERY_BOUND.toSeconds(), TimeUnit.SECONDS);
      long delivered = tally.delivered.sum();
      long expected = (long) options.watchers() * options.watchWrites();
      report.record(TITLE, "events delivered", delivered);
      if (all) {
        long last = tally.lastDeliveryNanos.get();
        report.record(TITLE, "delivered events/s", delivered / ((last - firstWrite) / 1e9));
        report.record(TITLE, "all watches saw the last event, ms after its write returned",
            Math.max(0, last - lastWriteDone) / 1e6);
        report.record(TITLE, "updates/s of the writer", options.watchWrites() / ((lastWriteDone - firstWrite) / 1e9));
      }
      watchers.forEach(FanoutWatcher::cancel);
      if (tally.surprise.get() != null) {
        throw new IOException("a watch received an unexpected line: " + tally.surprise.get());
      }
      if (!all) {
        throw new IOException("only " + delivered + " of " + expected + " events delivered within "
            + DELIVERY_BOUND.toSeconds() + " s; " + tally.done.getCount() + " watches incomplete");
      }
    }
  }

  /** Polls {@code /metrics} until the server counts at least {@code wanted} open watches; returns its count. */
  private static double awaitOpenWatches(RunContext context, int wanted, Duration bound)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    double open;
    do {
      open = longRunning(new String(context.api().call("GET", "/metrics", null), StandardCharsets.UTF_8));
      if (open >= wanted) {
        return open;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new IOException("the server counts " + open + " open watches after " + bound.toSeconds() + " s, expected "
        + wanted);
  }

  /** The sum of the {@code apiserver_longrunning_requests} samples of a Prometheus text exposition. */
  static double longRunning(String metrics) {
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("apiserver_longrunning_requests ") || line.startsWith("apiserver_longrunning_requests{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).strip());
      }
    }
    return sum;
  }

  private static <T> T get(CompletableFuture<T> future, Duration timeout) throws IOException, InterruptedException {
    try {
      return future.get(timeout.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("opening a watch: " + (e.getCause() != null ? e.getCause() : e), e);
    }
  }
}
