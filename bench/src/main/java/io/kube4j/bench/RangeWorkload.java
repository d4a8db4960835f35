package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Read throughput and latency: single-key gets, linearizable (etcd's default, a read-index round
 * through the leader) and serializable (served by the member the client talks to), and a range over
 * a 100-key prefix. Every answer is checked (one key found; exactly 100 keys in the range), so a
 * target answering wrongly fails instead of looking fast.
 */
final class RangeWorkload implements Workload {
  static final String PREFIX = "/bench/range/";
  static final int KEYS = 100;

  private final BenchOptions options;

  RangeWorkload(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String title() {
    return "Range";
  }

  @Override
  public String description() {
    return "%d clients (virtual threads, blocking) over %d preloaded %d-byte keys with %d-byte values; "
        .formatted(options.readClients(), KEYS, Payloads.KEY_BYTES, options.valueBytes())
        + "%d s measured after %d s warm-up per kind, at most %,d requests per kind.".formatted(
            options.seconds(), options.warmupSeconds(), options.maxOps());
  }

  @Override
  public void run(BenchContext context) throws Exception {
    preload(context);
    GetOption serializable = GetOption.builder().withSerializable(true).build();
    GetOption prefix = GetOption.builder().isPrefix(true).build();
    measure(context, "get, linearizable", (client, seq) -> expect(1,
        get(context.pool().kv(client), randomKey(), GetOption.DEFAULT)));
    measure(context, "get, serializable", (client, seq) -> expect(1,
        get(context.pool().kv(client), randomKey(), serializable)));
    measure(context, "range of 100 keys", (client, seq) -> expect(KEYS,
        get(context.pool().kv(client), Payloads.prefix(PREFIX), prefix)));
  }

  private void measure(BenchContext context, String kind, ClosedLoop.Operation read) throws InterruptedException {
    int clients = options.readClients();
    context.check(this, kind + " warm-up", ClosedLoop.run(clients, options.maxOps(), options.warmup(), read));
    ClosedLoop.Outcome outcome = ClosedLoop.run(clients, options.maxOps(), options.measured(), read);
    context.check(this, kind, outcome);
    context.record(this, kind + ": reads/s", outcome.opsPerSecond());
    context.record(this, kind + ": p50 ms", outcome.latencies().percentileMillis(0.50));
    context.record(this, kind + ": p99 ms", outcome.latencies().percentileMillis(0.99));
  }

  /**
   * Writes the keys in one transaction, then waits until every connection sees all of them with a
   * serializable read, so that followers are not measured while still catching up.
   */
  private void preload(BenchContext context) throws Exception {
    ByteSequence value = Payloads.value(options.valueBytes(), 2);
    Op[] puts = new Op[KEYS];
    for (int i = 0; i < KEYS; i++) {
      puts[i] = Op.put(Payloads.key(PREFIX, i), value, PutOption.DEFAULT);
    }
    context.pool().kv(0).txn().Then(puts).commit().get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
    GetOption visible = GetOption.builder().isPrefix(true).withSerializable(true).withCountOnly(true).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.requestTimeoutSeconds());
    for (int c = 0; c < context.pool().size(); c++) {
      while (get(context.pool().kv(c), Payloads.prefix(PREFIX), visible).getCount() < KEYS) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("preloaded keys not visible on connection " + c);
        }
        Thread.sleep(20);
      }
    }
  }

  private GetResponse get(KV kv, ByteSequence key, GetOption option) throws Exception {
    return kv.get(key, option).get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
  }

  private static ByteSequence randomKey() {
    return Payloads.key(PREFIX, ThreadLocalRandom.current().nextInt(KEYS));
  }

  private static void expect(int keys, GetResponse response) {
    if (response.getKvs().size() != keys) {
      throw new IllegalStateException("expected " + keys + " key(s), got " + response.getKvs().size());
    }
  }
}
