package io.kube4j.bench.api;

import io.etcd.jetcd.ByteSequence;
import io.kube4j.bench.ClosedLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET of single pods (served from the watch cache after a freshness check) against a range read of
 * the same keys through the store's etcd v3 API, both closed loop with the same concurrency.
 */
final class GetSection {
  static final String TITLE = "GET one pod (closed loop)";
  private static final Logger LOG = LoggerFactory.getLogger(GetSection.class);

  private GetSection() {}

  static String description(ApiBenchOptions options) {
    return options.readClients() + " concurrent clients for " + options.readSeconds() + " s each, over the "
        + options.smallList() + " pods of one namespace. Reference: a range read of the same keys "
        + "(`/registry/pods/NS/NAME`) through the store's etcd v3 API with jetcd, same concurrency. "
        + "Ratios are apiserver / store (above 1: the apiserver is slower).";
  }

  static void run(RunContext context) throws IOException, InterruptedException {
    ApiBenchOptions options = context.options();
    String ns = RunContext.SMALL_NAMESPACE;
    int pods = options.smallList();
    long timeout = options.requestTimeout().toSeconds();
    Duration phase = Duration.ofSeconds(options.readSeconds());

    LOG.info("    apiserver GET");
    ClosedLoop.Outcome api = ClosedLoop.run(options.readClients(), Long.MAX_VALUE, phase, (client, seq) ->
        context.api().send("GET", RunContext.podPath(ns, PodManifests.name(seq % pods)), null)
            .get(timeout, TimeUnit.SECONDS));
    LOG.info("    store range");
    ClosedLoop.Outcome store = ClosedLoop.run(options.readClients(), Long.MAX_VALUE, phase, (client, seq) -> {
      var response = context.store().getKVClient()
          .get(ByteSequence.from(RunContext.podKey(ns, PodManifests.name(seq % pods)), StandardCharsets.UTF_8))
          .get(timeout, TimeUnit.SECONDS);
      if (response.getKvs().isEmpty()) {
        throw new IOException("store has no " + RunContext.podKey(ns, PodManifests.name(seq % pods)));
      }
    });
    record(context, "apiserver GET", api);
    record(context, "store range (reference)", store);
    if (api.succeeded() > 0 && store.succeeded() > 0) {
      ApiReport report = context.report();
      report.record(TITLE, "GET / store range, p50 ratio",
          api.latencies().percentileNanos(0.5) / (double) Math.max(1, store.latencies().percentileNanos(0.5)));
      report.record(TITLE, "GET / store range, p99 ratio",
          api.latencies().percentileNanos(0.99) / (double) Math.max(1, store.latencies().percentileNanos(0.99)));
      report.record(TITLE, "GET / store range, throughput ratio", api.opsPerSecond() / store.opsPerSecond());
    }
    if (api.errors() > 0 || store.errors() > 0) {
      throw new IOException("GET errors: " + api.errors() + " (first: " + api.firstError() + "); store errors: "
          + store.errors() + " (first: " + store.firstError() + ")");
    }
  }

  private static void record(RunContext context, String what, ClosedLoop.Outcome outcome) {
    ApiReport report = context.report();
    report.record(TITLE, what + " /s", outcome.opsPerSecond());
    if (outcome.succeeded() > 0) {
      report.record(TITLE, what + " p50 (ms)", outcome.latencies().percentileMillis(0.5));
      report.record(TITLE, what + " p99 (ms)", outcome.latencies().percentileMillis(0.99));
    }
  }
}
