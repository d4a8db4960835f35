package io.kube4j.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Watch fan-out: {@code watchers} watches on one prefix, spread over the pool's connections, and one
 * writer issuing blocking puts under that prefix. Each value carries the writer's send time, so
 * every watcher's receipt gives one delivery latency (put sent to event received, the put's own
 * commit included). Events/s is every delivery counted from the first send to the last receipt.
 *
 * <p>Before measuring, the writer repeats a readiness put until every watcher has seen one, so that
 * watch creation is never measured and no watcher misses the first events.
 */
final class WatchFanoutWorkload implements Workload {
  static final String PREFIX = "/bench/watch/";

  private final BenchOptions options;

  WatchFanoutWorkload(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String title() {
    return "Watch fan-out";
  }

  @Override
  public String description() {
    String pace = options.watchRate() > 0 ? "paced at " + options.watchRate() + " puts/s" : "back to back";
    return "%,d watchers on one prefix, one writer issuing %,d blocking puts (%d-byte values) %s; "
        .formatted(options.watchers(), options.watchPuts(), options.valueBytes(), pace)
        + "latency from put sent to each watcher's receipt; waits at most %d s for all deliveries."
            .formatted(options.watchWaitSeconds());
  }

  @Override
  public void run(BenchContext context) throws Exception {
    int watchers = options.watchers();
    int puts = options.watchPuts();
    ByteSequence readyKey = Payloads.key(PREFIX, 0);
    Deliveries deliveries = new Deliveries(watchers, (long) watchers * puts, readyKey);
    WatchOption onPrefix = WatchOption.builder().isPrefix(true).build();
    List<Watch.Watcher> watches = new ArrayList<>();
    try {
      for (int w = 0; w < watchers; w++) {
        int watcher = w;
        watches.add(context.pool().client(w).getWatchClient().watch(Payloads.prefix(PREFIX), onPrefix,
            Watch.listener(response -> deliveries.receive(watcher, response), deliveries::fail)));
      }
      awaitAllWatching(context, deliveries, readyKey);
      long firstSend = System.nanoTime();
      for (int p = 1; p <= puts; p++) {
        if (options.watchRate() > 0) {
          LockSupport.parkNanos(firstSend + (p - 1) * 1_000_000_000L / options.watchRate() - System.nanoTime());
        }
        context.pool().kv(0).put(Payloads.key(PREFIX, p), Payloads.stamped(options.valueBytes(), System.nanoTime()))
            .get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
      }
      long expected = (long) watchers * puts;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.watchWaitSeconds());
      while (deliveries.delivered() < expected && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      long delivered = deliveries.delivered();
      if (delivered == 0) {
        throw new IllegalStateException("no event delivered; watch error: " + deliveries.error.get());
      }
      if (delivered < expected) {
        context.note(this, (expected - delivered) + " of " + expected + " events not delivered in time");
      }
      Latencies latencies = deliveries.latencies();
      context.record(this, "delivery p50 ms", latencies.percentileMillis(0.50));
      context.record(this, "delivery p99 ms", latencies.percentileMillis(0.99));
      context.record(this, "events/s delivered", delivered / ((deliveries.lastReceipt.get() - firstSend) / 1e9));
      context.record(this, "events missed", expected - delivered);
    } finally {
      watches.forEach(Watch.Watcher::close);
    }
  }

  private void awaitAllWatching(BenchContext context, Deliveries deliveries, ByteSequence readyKey) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.requestTimeoutSeconds() * 3L);
    ByteSequence marker = Payloads.value(8, 3);
    while (deliveries.readyCount.get() < options.watchers()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + deliveries.readyCount.get() + " of " + options.watchers()
            + " watches delivered events; watch error: " + deliveries.error.get());
      }
      context.pool().kv(0).put(readyKey, marker).get(options.requestTimeoutSeconds(), TimeUnit.SECONDS);
      long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (deliveries.readyCount.get() < options.watchers() && System.nanoTime() < wait) {
        Thread.sleep(10);
      }
    }
  }

  /** What the watchers received; called from jetcd's callback threads, hence atomics only. */
  private static final class Deliveries {
    final AtomicIntegerArray ready;
    final AtomicInteger readyCount = new AtomicInteger();
    final AtomicLong lastReceipt = new AtomicLong();
    final AtomicReference<String> error = new AtomicReference<>();
    /** Slot per expected delivery, -1 until written (a slot is claimed before it is written). */
    private final AtomicLongArray latencyNanos;
    private final AtomicInteger next = new AtomicInteger();
    private final ByteSequence readyKey;

    Deliveries(int watchers, long expected, ByteSequence readyKey) {
      this.ready = new AtomicIntegerArray(watchers);
      this.latencyNanos = new AtomicLongArray(Math.toIntExact(expected));
      for (int i = 0; i < latencyNanos.length(); i++) {
        latencyNanos.setPlain(i, -1);
      }
      this.readyKey = readyKey;
    }

    void receive(int watcher, WatchResponse response) {
      long now = System.nanoTime();
      for (WatchEvent event : response.getEvents()) {
        if (event.getKeyValue().getKey().equals(readyKey)) {
          if (ready.compareAndSet(watcher, 0, 1)) {
            readyCount.incrementAndGet();
          }
          continue;
        }
        int slot = next.getAndIncrement();
        if (slot < latencyNanos.length()) {
          latencyNanos.set(slot, Math.max(0, now - Payloads.stampOf(event.getKeyValue().getValue())));
        }
        lastReceipt.accumulateAndGet(now, Math::max);
      }
    }

    void fail(Throwable t) {
      error.compareAndSet(null, ClosedLoop.describe(t));
    }

    long delivered() {
      return Math.min(next.get(), latencyNanos.length());
    }

    Latencies latencies() {
      int count = (int) delivered();
      Latencies latencies = new Latencies(count);
      for (int i = 0; i < count; i++) {
        long nanos = latencyNanos.get(i);
        if (nanos >= 0) {
          latencies.add(nanos);
        }
      }
      return latencies;
    }
  }
}
