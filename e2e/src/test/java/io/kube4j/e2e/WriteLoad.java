package io.kube4j.e2e;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.etcd.EtcdKvStore;
import io.kube4j.store.testing.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded read/write load on a cluster that records every operation in a {@link History}: each
 * thread has its own client bound to one member (thread i to member i mod n), and loops until
 * {@link #stop()}: a put of a value unique to the whole run (two in three operations) or a
 * linearizable get, on a small set of shared keys so that reads see other threads' writes.
 *
 * <p>A put that returns is {@code OK} at its revision; any failure is {@code UNKNOWN} (a timeout or
 * a lost leader may still commit it, as etcd warns), never {@code FAILED}. A failed get is not
 * recorded (it promised nothing). After a failure the thread drops its client (its channel may be
 * backing off from a dead member), waits a little and dials again: a restarted member gets traffic
 * at once. Every operation is bounded by {@link #OP_TIMEOUT}, so {@link #stop()} is too.
 *
 * <p>Thread-safe counters; one test thread starts and stops it.
 */
final class WriteLoad implements AutoCloseable {

  static final Duration OP_TIMEOUT = Duration.ofSeconds(5);
  private static final long BACKOFF_MILLIS = 100;

  private final List<ClusterMember> members;
  private final int threads;
  private final long seed;
  private final String prefix;
  private final int keys;
  private final History history;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private volatile boolean running;

  WriteLoad(List<ClusterMember> members, int threads, long seed, String prefix, int keys, History history) {
    this.members = List.copyOf(members);
    this.threads = threads;
    this.seed = seed;
    this.prefix = prefix;
    this.keys = keys;
    this.history = history;
  }

  /** The key the load writes as number {@code i}, under its prefix. */
  String key(int i) {
    return prefix + String.format("k%02d", i);
  }

  void start() {
    running = true;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      ClusterMember member = members.get(t % members.size());
      workers.add(Thread.ofVirtual().name("load-" + t + "-" + member.name()).start(() -> run(thread, member)));
    }
  }

  private void run(int thread, ClusterMember member) {
    Random random = new Random(seed * 31 + thread);
    EtcdKvStore client = member.newClient(OP_TIMEOUT);
    try {
      for (long n = 0; running; n++) {
        String key = key(random.nextInt(keys));
        boolean ok = random.nextInt(3) < 2 ? put(client, key, "v-" + seed + "-" + thread + "-" + n) : get(client, key);
        if (!ok) {
          client.close();
          sleep(BACKOFF_MILLIS);
          client = member.newClient(OP_TIMEOUT);
        }
      }
    } finally {
      client.close();
    }
  }

  private boolean put(EtcdKvStore client, String key, String value) {
    long invoke = System.nanoTime();
    try {
      PutResult result = client.put(PutRequest.of(Bytes.of(key), Bytes.of(value)));
      history.put(new History.Put(key, value, invoke, System.nanoTime(), History.Outcome.OK, result.revision()));
      acked.incrementAndGet();
      return true;
    } catch (RuntimeException e) {
      history.put(new History.Put(key, value, invoke, System.nanoTime(), History.Outcome.UNKNOWN, 0));
      unknown.incrementAndGet();
      return false;
    }
  }

  private boolean get(EtcdKvStore client, String key) {
    long invoke = System.nanoTime();
    try {
      RangeResult result = client.range(RangeRequest.key(Bytes.of(key)));
      long complete = System.nanoTime();
      KeyValue kv = result.kvs().isEmpty() ? null : result.kvs().getFirst();
      history.get(new History.Get(key, invoke, complete, kv == null ? null : kv.value().toStringUtf8(),
          kv == null ? 0 : kv.modRevision(), result.revision()));
      reads.incrementAndGet();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** How many puts invoked at or after {@code sinceNanos} (a {@link System#nanoTime()} reading) were acknowledged. */
  long acknowledgedSince(long sinceNanos) {
    return history.puts().stream()
        .filter(p -> p.outcome() == History.Outcome.OK && p.invokeNanos() >= sinceNanos)
        .count();
  }

  /** A one-line summary of the counters, for the test's report. */
  String summary() {
    return "acknowledged puts " + acked.get() + ", unknown puts " + unknown.get() + ", linearizable gets " + reads.get();
  }

  /** Stops every thread and waits for them (each is at most one operation and one backoff away). */
  void stop() throws InterruptedException {
    running = false;
    Duration bound = OP_TIMEOUT.plusSeconds(10);
    for (Thread worker : workers) {
      if (!worker.join(bound)) {
        throw new AssertionError(worker + " did not stop within " + bound);
      }
    }
  }

  /** {@link #stop()} for try-with-resources; an interrupt is kept for the caller. */
  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
