package io.kube4j.store.mvcc;

import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A watch listener that records what it is told, for tests. Thread-safe. */
final class RecordingListener implements WatchListener {
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();
  final List<Long> progress = new CopyOnWriteArrayList<>();
  final AtomicReference<Object> cancelled = new AtomicReference<>();
  private static final Object CLIENT = new Object();

  @Override
  public void onEvents(long revision, List<WatchEvent> batch) {
    events.addAll(batch);
  }

  @Override
  public void onProgress(long revision) {
    progress.add(revision);
  }

  @Override
  public void onCancelled(StoreException cause) {
    cancelled.set(cause == null ? CLIENT : cause);
  }

  boolean cancelledByClient() {
    return cancelled.get() == CLIENT;
  }

  List<Long> revisions() {
    return events.stream().map(e -> e.kv().modRevision()).toList();
  }
}
