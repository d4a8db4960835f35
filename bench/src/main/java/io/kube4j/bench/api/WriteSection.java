package io.kube4j.bench.api;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.kube4j.bench.Latencies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutating calls under an open-loop arrival rate: CREATE of new pods into the large namespace,
 * then a store PUT of the same bytes at the same rate (the reference), then UPDATE (unconditional
 * PUT) of those pods; finally tops the namespace up to its LIST size, unmeasured.
 */
final class WriteSection {
  static final String TITLE = "Writes (open loop)";
  private static final Logger LOG = LoggerFactory.getLogger(WriteSection.class);

  private WriteSection() {}

  static String description(ApiBenchOptions options) {
    return "Open loop at " + options.writeRate() + " requests/s for " + options.writeSeconds()
        + " s per phase; latency from each request's intended start, so queueing counts. CREATE posts new "
        + "~2.5 KiB pods; UPDATE PUTs them back with one annotation changed; the store reference PUTs the "
        + "stored bytes of such a pod through the embedded store's etcd v3 API (jetcd), at the same rate.";
  }

  static void run(RunContext context) throws IOException, InterruptedException {
    ApiBenchOptions options = context.options();
    String ns = RunContext.LARGE_NAMESPACE;
    Duration phase = Duration.ofSeconds(options.writeSeconds());
    Duration drain = options.requestTimeout();
    String path = RunContext.podsPath(ns);

    LOG.info("    CREATE at {}/s", options.writeRate());
    OpenLoop.Outcome create = OpenLoop.run(options.writeRate(), phase, drain,
        seq -> context.api().send("POST", path, PodManifests.create(ns, seq)));
    record(context, "CREATE", create);
    long created = create.issued();
    if (create.errors() > 0) {
      throw new IOException("CREATE: " + create.errors() + " of " + create.issued() + " failed, first: "
          + create.firstError());
    }

    LOG.info("    store PUT at {}/s", options.writeRate());
    ByteSequence value = storedPod(context, ns, PodManifests.name(0));
    context.report().record(TITLE, "stored pod size (bytes)", value.size());
    OpenLoop.Outcome put = OpenLoop.run(options.writeRate(), phase, drain, seq -> context.store().getKVClient()
        .put(ByteSequence.from("/bench/reference/" + seq, StandardCharsets.UTF_8), value));
    record(context, "store PUT (reference)", put);

    LOG.info("    UPDATE at {}/s", options.writeRate());
    OpenLoop.Outcome update = OpenLoop.run(options.writeRate(), phase, drain, seq -> context.api().send("PUT",
        RunContext.podPath(ns, PodManifests.name(seq % created)), PodManifests.update(ns, seq % created, seq + 1)));
    record(context, "UPDATE", update);

    ratio(context, "CREATE / store PUT", create, put);
    ratio(context, "UPDATE / store PUT", update, put);

    LOG.info("    loading {} more pods into {} (unmeasured)", options.largeList() - created, ns);
    PodLoader.load(context, ns, created, options.largeList(), Duration.ofMinutes(5));
    if (update.errors() > 0 || put.errors() > 0) {
      throw new IOException("UPDATE: " + update.errors() + " failed (first: " + update.firstError() + "); store PUT: "
          + put.errors() + " failed (first: " + put.firstError() + ")");
    }
  }

  private static ByteSequence storedPod(RunContext context, String ns, String name)
      throws IOException, InterruptedException {
    try {
      List<KeyValue> kvs = context.store().getKVClient()
          .get(ByteSequence.from(RunContext.podKey(ns, name), StandardCharsets.UTF_8))
          .get(context.options().requestTimeout().toSeconds(), TimeUnit.SECONDS).getKvs();
      if (kvs.isEmpty()) {
        throw new IOException("the store has no " + RunContext.podKey(ns, name) + " after its CREATE succeeded");
      }
      return kvs.getFirst().getValue();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("store GET " + RunContext.podKey(ns, name) + ": " + e, e);
    }
  }

  private static void record(RunContext context, String what, OpenLoop.Outcome outcome) {
    ApiReport report = context.report();
    Latencies latencies = outcome.latencies();
    report.record(TITLE, what + " completed/s", outcome.completedPerSecond());
    if (latencies.count() > 0) {
      report.record(TITLE, what + " p50 (ms)", latencies.percentileMillis(0.50));
      report.record(TITLE, what + " p99 (ms)", latencies.percentileMillis(0.99));
      report.record(TITLE, what + " max (ms)", latencies.percentileMillis(1.0));
    }
    report.record(TITLE, what + " errors", outcome.errors());
    report.record(TITLE, what + " issuer lag, worst (ms)", outcome.maxIssueLagNanos() / 1e6);
  }

  private static void ratio(RunContext context, String what, OpenLoop.Outcome api, OpenLoop.Outcome store) {
    if (api.latencies().count() == 0 || store.latencies().count() == 0) {
      return;
    }
    context.report().record(TITLE, what + ", p50 ratio", api.latencies().percentileNanos(0.5)
        / (double) Math.max(1, store.latencies().percentileNanos(0.5)));
    context.report().record(TITLE, what + ", p99 ratio", api.latencies().percentileNanos(0.99)
        / (double) Math.max(1, store.latencies().percentileNanos(0.99)));
  }
}
