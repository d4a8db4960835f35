package io.kube4j.store.mvcc;

import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch: a cursor (the next revision to deliver) moved forward by its own virtual thread.
 *
 * <p>States: running → stopped (cancelled by the client, compacted past, or the store closed). The
 * listener's last call is always one {@link WatchListener#onCancelled}; calls never overlap because
 * only this watch's thread makes them.
 */
final class Watcher implements Watch {
  private static final Logger log = LoggerFactory.getLogger(Watcher.class);
  /** At most this many revisions go into one onEvents call, so a replay streams in pieces. */
  private static final int MAX_REVISIONS_PER_BATCH = 1000;
  private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long id;
  private final WatchRequest request;
  private final WatchListener listener;
  private final MvccStore store;
  private final WatchHub hub;
  private final AtomicBoolean progressRequested = new AtomicBoolean();
  /** Set once: why the watch stops (a sentinel for a client cancel). */
  private final AtomicReference<Object> stopCause = new AtomicReference<>();
  private static final Object CLIENT_CANCEL = new Object();
  private long cursor;
  private long lastSentNanos = System.nanoTime();

  Watcher(long id, WatchRequest request, WatchListener listener, long start, MvccStore store, WatchHub hub) {
    this.id = id;
    this.request = request;
    this.listener = listener;
    this.cursor = start;
    this.store = store;
    this.hub = hub;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public void requestProgress() {
    progressRequested.set(true);
    hub.signal();
  }

  @Override
  public void close() {
    if (stopCause.compareAndSet(null, CLIENT_CANCEL)) {
      hub.signal();
    }
  }

  void stop(StoreException cause) {
    if (stopCause.compareAndSet(null, cause)) {
      hub.signal();
    }
  }

  void run() {
    try {
      loop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopCause.compareAndSet(null, new StoreException.Unavailable("etcdserver: watch interrupted"));
    } catch (RuntimeException e) {
      log.warn("watch {} failed", id, e);
      stopCause.compareAndSet(null, new StoreException.Internal("watch failed: " + e));
    } finally {
      hub.remove(this);
      Object cause = stopCause.get();
      listener.onCancelled(cause instanceof StoreException se ? se : null);
    }
  }

  private void loop() throws InterruptedException {
    while (stopCause.get() == null) {
      long seen = hub.generation();
      long compacted = store.compactRevision();
      if (cursor < compacted) {
        stopCause.compareAndSet(null, new StoreException.Compacted(compacted));
        return;
      }
      long current = store.revision();
      if (cursor <= current) {
        if (!deliver(current)) {
          hub.awaitChange(seen, IDLE_WAIT_NANOS); // the log is being restored or compacted
        }
        continue;
      }
      long now = System.nanoTime();
      if (progressRequested.getAndSet(false)
          || (request.progressNotify() && now - lastSentNanos >= hub.progressIntervalNanos())) {
        listener.onProgress(current);
        lastSentNanos = now;
        continue;
      }
      long wait = request.progressNotify()
          ? Math.min(IDLE_WAIT_NANOS, hub.progressIntervalNanos() - (now - lastSentNanos))
          : IDLE_WAIT_NANOS;
      hub.awaitChange(seen, Math.max(wait, 1));
    }
  }

  /**
   * Sends the events of [cursor, min(current, cursor + batch)], if any match.
   *
   * @return false when a revision of the window was missing (compaction or restore racing)
   */
  private boolean deliver(long current) {
    long upto = Math.min(current, cursor + MAX_REVISIONS_PER_BATCH - 1);
    List<WatchEvent> events = new ArrayList<>();
    for (long r = cursor; r <= upto; r++) {
      Change[] changes = store.changesAt(r);
      if (changes == null) {
        // A compaction (the loop's check then ends the watch) or a snapshot restore (the log is
        // refilled) raced this read; nothing was sent, so the next pass starts from the cursor.
        return false;
      }
      for (Change c : changes) {
        if (matches(c)) {
          events.add(toEvent(c));
        }
      }
    }
    cursor = upto + 1;
    if (!events.isEmpty()) {
      listener.onEvents(upto, events);
      lastSentNanos = System.nanoTime();
    }
    return true;
  }

  private boolean matches(Change c) {
    if (!KeyRange.contains(request.key(), request.rangeEnd(), c.kv().key())) {
      return false;
    }
    return c.isDelete() ? !request.noDelete() : !request.noPut();
  }

  private WatchEvent toEvent(Change c) {
    KeyValue prev = request.prevKv() ? c.prev() : null;
    return new WatchEvent(c.isDelete() ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT, c.kv(), prev);
  }
}
