package io.kube4j.store.mvcc;

import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open watches of one {@link MvccStore}, and the signal that wakes them.
 *
 * <p>Each watch is a cursor over the store's {@link RevisionLog} driven by its own virtual thread
 * ({@link Watcher}): whatever the cursor has not delivered yet it reads from the log, so a watch
 * that starts in the past and one that is caught up take the same path, and no event is skipped or
 * sent twice. The apply thread only bumps a generation counter and signals.
 *
 * <p>Lock order: {@code lock} guards only the condition; nothing is called while holding it.
 */
final class WatchHub {
  /** etcd's default progress notification interval: 10 minutes. */
  static final long DEFAULT_PROGRESS_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final MvccStore store;
  private final long progressIntervalNanos;
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong generation = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Watchers waiting on {@link #changed}; written under lock, read without it. */
  private volatile int waiting;
  private volatile boolean closed;

  WatchHub(MvccStore store, long progressIntervalNanos) {
    this.store = store;
    this.progressIntervalNanos = progressIntervalNanos;
  }

  Watch start(WatchRequest request, WatchListener listener) {
    long current = store.revision();
    long start = request.startRevision() > 0 ? request.startRevision() : current + 1;
    Watcher w = new Watcher(ids.incrementAndGet(), request, listener, start, store, this);
    if (closed) {
      listener.onCancelled(new StoreException.Unavailable("etcdserver: server stopped"));
      return w;
    }
    watchers.add(w);
    Thread.ofVirtual().name("watch-" + w.id()).start(w::run);
    return w;
  }

  long progressIntervalNanos() {
    return progressIntervalNanos;
  }

  boolean isClosed() {
    return closed;
  }

  void remove(Watcher w) {
    watchers.remove(w);
  }

  int size() {
    return watchers.size();
  }

  long generation() {
    return generation.get();
  }

  /** Wakes every waiting watcher; cheap when none waits. */
  void signal() {
    generation.incrementAndGet();
    if (waiting > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits until the generation moves past {@code seen}, or the timeout. */
  void awaitChange(long seen, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      waiting++;
      long left = timeoutNanos;
      while (generation.get() == seen && left > 0 && !closed) {
        left = changed.awaitNanos(left);
      }
    } finally {
      waiting--;
      lock.unlock();
    }
  }

  void onPublished(long revision) {
    signal();
  }

  void onCompacted(long compactRevision) {
    signal();
  }

  void onRestored(long compactRevision, long revision) {
    signal();
  }

  void requestProgressAll() {
    for (Watcher w : List.copyOf(watchers)) {
      w.requestProgress();
    }
  }

  /** Ends every watch with Unavailable; later watches are refused the same way. */
  void close() {
    closed = true;
    for (Watcher w : List.copyOf(watchers)) {
      w.stop(new StoreException.Unavailable("etcdserver: server stopped"));
    }
    signal();
  }
}
