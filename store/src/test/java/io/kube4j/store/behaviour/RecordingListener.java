package io.kube4j.store.behaviour;

import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link WatchListener} that records every call, for tests to wait on and inspect. It also checks
 * the listener contract as it goes: calls never overlap, nothing arrives after the cancel, and the
 * cancel comes once. Thread-safe.
 */
public final class RecordingListener implements WatchListener {
  /** One {@link #onEvents} call. */
  public record Batch(long revision, List<WatchEvent> events) {}

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final List<Batch> batches = new ArrayList<>();
  private final List<Long> progress = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final AtomicBoolean inCall = new AtomicBoolean();
  private final AtomicInteger cancels = new AtomicInteger();
  private volatile StoreException cancelCause;

  @Override
  public void onEvents(long revision, List<WatchEvent> events) {
    enter("onEvents");
    synchronized (this) {
      batches.add(new Batch(revision, List.copyOf(events)));
    }
    leave();
  }

  @Override
  public void onProgress(long revision) {
    enter("onProgress");
    synchronized (this) {
      progress.add(revision);
    }
    leave();
  }

  @Override
  public void onCancelled(StoreException cause) {
    enter("onCancelled");
    cancelCause = cause;
    cancels.incrementAndGet();
    leave();
  }

  private void enter(String call) {
    if (!inCall.compareAndSet(false, true)) {
      violation(call + " overlapped another listener call");
    }
    if (cancels.get() > 0) {
      violation(call + " after onCancelled");
    }
  }

  private void leave() {
    inCall.set(false);
  }

  private synchronized void violation(String what) {
    violations.add(what);
  }

  public synchronized List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** Every event so far, in arrival order. */
  public synchronized List<WatchEvent> events() {
    return batches.stream().flatMap(b -> b.events().stream()).toList();
  }

  /**
   * The events of {@code revision}, which must all have come in one call (other revisions may share
   * that call: a store may batch consecutive revisions).
   */
  public synchronized List<WatchEvent> eventsOf(long revision) {
    List<Batch> holding = batches.stream()
        .filter(b -> b.events().stream().anyMatch(e -> e.kv().modRevision() == revision))
        .toList();
    if (holding.size() != 1) {
      throw new AssertionError("the events of revision " + revision + " came in " + holding.size() + " calls: " + holding);
    }
    return holding.getFirst().events().stream().filter(e -> e.kv().modRevision() == revision).toList();
  }

  public synchronized List<Long> progress() {
    return List.copyOf(progress);
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public int cancelCount() {
    return cancels.get();
  }

  public StoreException cancelCause() {
    return cancelCause;
  }

  /** Waits (bounded) until at least {@code count} events arrived, and returns all of them. */
  public List<WatchEvent> awaitEvents(int count) {
    await().atMost(WAIT).until(() -> events().size() >= count);
    return events();
  }

  /** Waits (bounded) until the watch is cancelled. */
  public void awaitCancelled() {
    await().atMost(WAIT).until(() -> cancels.get() > 0);
  }

  /** Waits (bounded) for a progress notification. */
  public long awaitProgress() {
    await().atMost(WAIT).until(() -> !progress().isEmpty());
    return progress().getLast();
  }
}
