package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Put throughput and latency: for each concurrency level, that many virtual threads each issue
 * blocking puts of a {@link Payloads#KEY_BYTES}-byte key (random in a fixed key space, so keys are
 * both created and overwritten) with a {@code valueBytes} value, after an unmeasured warm-up.
 */
final class PutWorkload implements Workload {
  static final String PREFIX = "/bench/put/";
  private static final int KEY_SPACE = 100_000;

  private final BenchOptions options;

  PutWorkload(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String title() {
    return "Put";
  }

  @Override
  public String description() {
    return "Blocking puts, %d-byte keys (random among %,d) and %d-byte values, each client a virtual thread; "
        .formatted(Payloads.KEY_BYTES, KEY_SPACE, options.valueBytes())
        + "%d s measured after %d s warm-up, at most %,d puts per level; ".formatted(
            options.seconds(), options.warmupSeconds(), options.maxOps())
        + "%d jetcd connection(s) per member, load spread over all members.".formatted(
            options.connectionsPerMember());
  }

  @Override
  public void run(BenchContext context) throws Exception {
    ByteSequence value = Payloads.value(options.valueBytes(), 1);
    ClosedLoop.Operation put = (client, seq) -> context.pool().kv(client)
        .put(Payloads.key(PREFIX, ThreadLocalRandom.current().nextInt(KEY_SPACE)), value)
        .get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
    for (int clients : options.putClients()) {
      String phase = clients + (clients == 1 ? " client" : " clients");
      context.check(this, phase + " warm-up",
          ClosedLoop.run(clients, options.maxOps(), options.warmup(), put));
      ClosedLoop.Outcome outcome = ClosedLoop.run(clients, options.maxOps(), options.measured(), put);
      context.check(this, phase, outcome);
      context.record(this, phase + ": puts/s", outcome.opsPerSecond());
      context.record(this, phase + ": p50 ms", outcome.latencies().percentileMillis(0.50));
      context.record(this, phase + ": p99 ms", outcome.latencies().percentileMillis(0.99));
    }
  }
}
