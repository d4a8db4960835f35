package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Memory per million small keys, on a fresh cluster: every member's resident set (VmRSS of its
 * process tree) is read before and after loading {@code memoryKeys} distinct keys, written in
 * transactions of {@link #BATCH} puts by {@code readClients} concurrent writers, bounded by
 * {@code memorySeconds}. Growth is scaled to one million keys and averaged over the members (each
 * holds a full copy). The data directory's apparent size is reported the same way.
 */
final class MemoryWorkload implements Workload {
  static final String PREFIX = "/bench/mem/";
  /** Puts per transaction; below etcd's default --max-txn-ops (128). */
  static final int BATCH = 100;
  private static final long SETTLE_MILLIS = 2_000;

  private final BenchOptions options;

  MemoryWorkload(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String title() {
    return "Memory";
  }

  @Override
  public String description() {
    return "A fresh cluster loaded with %,d distinct %d-byte keys with %d-byte values (transactions of %d puts, %d writers, at most %d s); "
        .formatted(options.memoryKeys(), Payloads.KEY_BYTES, options.valueBytes(), BATCH, options.readClients(),
            options.memorySeconds())
        + "RSS is VmRSS from /proc/PID/status (anonymous: RssAnon, i.e. without mapped files), %d s after start-up and %d s after the load, mean per member."
            .formatted(SETTLE_MILLIS / 1000, SETTLE_MILLIS / 1000);
  }

  @Override
  public boolean needsFreshCluster() {
    return true;
  }

  @Override
  public void run(BenchContext context) throws Exception {
    Thread.sleep(SETTLE_MILLIS);
    double rssBefore = meanMiB(context, MemberProcess::rssKiB);
    double anonBefore = meanMiB(context, MemberProcess::anonRssKiB);
    double diskBefore = meanDataDirMiB(context);
    ByteSequence value = Payloads.value(options.valueBytes(), 4);
    long keys = options.memoryKeys();
    long batches = (keys + BATCH - 1) / BATCH;
    ClosedLoop.Outcome outcome = ClosedLoop.run(options.readClients(), batches,
        Duration.ofSeconds(options.memorySeconds()), (client, batch) -> {
          long first = batch * BATCH;
          long last = Math.min(first + BATCH, keys);
          Op[] puts = new Op[(int) (last - first)];
          for (long k = first; k < last; k++) {
            puts[(int) (k - first)] = Op.put(Payloads.key(PREFIX, k), value, PutOption.DEFAULT);
          }
          context.pool().kv(client).txn().Then(puts).commit()
              .get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
        });
    context.check(this, "load", outcome);
    long loaded = Math.min(outcome.succeeded() * BATCH, keys);
    if (loaded < keys) {
      context.note(this, "only about " + loaded + " of " + keys + " keys loaded within "
          + options.memorySeconds() + " s; per-million figures are scaled from that");
    }
    Thread.sleep(SETTLE_MILLIS);
    double rssAfter = meanMiB(context, MemberProcess::rssKiB);
    double anonAfter = meanMiB(context, MemberProcess::anonRssKiB);
    double perMillion = 1_000_000.0 / loaded;
    context.record(this, "RSS before load, MiB", rssBefore);
    context.record(this, "RSS after load, MiB", rssAfter);
    context.record(this, "RSS growth per 1M keys, MiB", (rssAfter - rssBefore) * perMillion);
    context.record(this, "anonymous RSS growth per 1M keys, MiB", (anonAfter - anonBefore) * perMillion);
    context.record(this, "data dir growth per 1M keys, MiB", (meanDataDirMiB(context) - diskBefore) * perMillion);
    context.record(this, "load, keys/s", loaded / (outcome.elapsed().toNanos() / 1e9));
  }

  private static double meanMiB(BenchContext context, java.util.function.ToLongFunction<MemberProcess> kib) {
    return context.cluster().members().stream().mapToLong(kib).average().orElse(0) / 1024;
  }

  private static double meanDataDirMiB(BenchContext context) {
    return context.cluster().members().stream().mapToLong(context.cluster()::dataDirBytes).average().orElse(0)
        / (1024 * 1024);
  }
}
