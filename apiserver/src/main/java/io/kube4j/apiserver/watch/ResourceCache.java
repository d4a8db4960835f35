package io.kube4j.apiserver.watch;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.registry.ResourceType;
import io.kube4j.apiserver.storage.ListPage;
import io.kube4j.apiserver.storage.ObjectStorage;
import io.kube4j.apiserver.storage.StoredObject;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch cache of one resource, as upstream's cacher: the latest state of every object in
 * memory, fed by one store watch on the resource's key prefix, plus a window of recent events from
 * which watches resume. Lists and watches are served from here, never from the store.
 *
 * <p>Lifecycle: {@link #start} lists the prefix at revision R and watches from R+1; when the store
 * watch is cancelled (compaction, store failure) the cache lists again, and every watcher is closed
 * so that its client resumes or relists. The cache's revision only moves forward; it is advanced
 * also by the store's progress notifications, so an idle resource still catches up to a revision
 * a consistent read waits for.
 *
 * <p>Thread-safety: one lock guards the state, the event window and the watcher set; it is held
 * for in-memory work only, never for I/O (watchers write after it is released).
 */
public final class ResourceCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceCache.class);

    private final ResourceType type;
    private final ObjectStorage storage;
    private final CachedObjects objects;
    private final int windowSize;
    private final int watcherCapacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    // guarded by lock
    private final NavigableMap<String, CachedObject> state = new TreeMap<>();
    private final ArrayDeque<CacheEvent> window = new ArrayDeque<>();
    private final Set<CacheWatcher> watchers = ConcurrentHashMap.newKeySet();
    private long revision;
    private long oldestResumable;
    private boolean ready;
    private boolean closed;
    private boolean draining;
    private Watch storeWatch;

    /**
     * @param windowSize      recent events kept for resuming watches
     * @param watcherCapacity live events a watcher may lag before it is closed
     */
    public ResourceCache(ResourceType type, ObjectStorage storage, int windowSize, int watcherCapacity) {
        this.type = type;
        this.storage = storage;
        this.objects = new CachedObjects(type);
        this.windowSize = windowSize;
        this.watcherCapacity = watcherCapacity;
    }

    public ResourceType type() {
        return type;
    }

    /** Lists the resource from the store and starts following it. Blocks until loaded. */
    public void start() {
        load();
    }

    private void load() {
        ListPage page = storage.list(type.storagePrefix(), null, 0, 0);
        List<CacheWatcher> toClose;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            state.clear();
            window.clear();
            for (StoredObject s : page.items()) {
                state.put(s.key(), objects.of(s.key(), s.value(), s.modRevision()));
            }
            revision = Math.max(revision, page.revision());
            oldestResumable = page.revision();
            toClose = List.copyOf(watchers);
            watchers.clear();
            storeWatch = storage.kv().watch(WatchRequest.prefix(Bytes.of(type.storagePrefix()))
                    .fromRevision(page.revision() + 1).withPrevKv(true).withProgressNotify(true), new Listener());
            ready = true;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(CacheWatcher::finish);
    }

    private final class Listener implements WatchListener {
        @Override
        public void onEvents(long rev, List<WatchEvent> events) {
            apply(rev, events);
        }

        @Override
        public void onProgress(long rev) {
            advance(rev);
        }

        @Override
        public void onCancelled(StoreException cause) {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                ready = false;
            } finally {
                lock.unlock();
            }
            LOG.info("watch cache of {} restarting after its store watch ended: {}", type.qualifiedName(),
                    cause == null ? "closed" : cause.getMessage());
            Thread.ofVirtual().name("watch-cache-reload-" + type.plural()).start(ResourceCache.this::reload);
        }
    }

    private void reload() {
        for (int attempt = 0; ; attempt++) {
            try {
                load();
                return;
            } catch (RuntimeException e) {
                LOG.warn("watch cache of {} could not reload (attempt {}): {}", type.qualifiedName(), attempt,
                        e.getMessage());
                try {
                    Thread.sleep(Math.min(5000, 100L << Math.min(attempt, 6)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void apply(long rev, List<WatchEvent> events) {
        List<CacheWatcher> overflowed = new ArrayList<>();
        lock.lock();
        try {
            for (WatchEvent e : events) {
                CacheEvent event = toCacheEvent(e);
                if (event == null) {
                    continue;
                }
                if (event.type() == EventType.DELETED) {
                    state.remove(event.object().key());
                } else {
                    state.put(event.object().key(), event.object());
                }
                window.addLast(event);
                while (window.size() > windowSize) {
                    oldestResumable = window.removeFirst().revision();
                }
                for (CacheWatcher w : watchers) {
                    if (!w.offer(event)) {
                        overflowed.add(w);
                    }
                }
            }
            revision = Math.max(revision, rev);
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        for (CacheWatcher w : overflowed) {
            LOG.info("closing a watch of {} that fell {} events behind", type.qualifiedName(), watcherCapacity);
            watchers.remove(w);
            w.finish();
        }
        for (CacheWatcher w : watchers) {
            w.iterate();
        }
    }

    private CacheEvent toCacheEvent(WatchEvent e) {
        String key = e.kv().key().toStringUtf8();
        long rev = e.kv().modRevision();
        CachedObject previous = state.get(key);
        if (e.type() == WatchEvent.Type.DELETE) {
            if (previous == null) {
                return null;
            }
            CachedObject last = objects.of(key, previous.json(), rev);
            return new CacheEvent(EventType.DELETED, last, previous, rev);
        }
        CachedObject now = objects.of(key, e.kv().value().unsafeArray(), rev);
        return new CacheEvent(previous == null ? EventType.ADDED : EventType.MODIFIED, now, previous, rev);
    }

    private void advance(long rev) {
        lock.lock();
        try {
            if (rev > revision) {
                revision = rev;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The revision the cache reflects. */
    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the cache reflects at least {@code wanted}, asking the store for progress when
     * the resource is idle. Throws 504 when it does not within {@code timeout} (upstream's "Too
     * large resource version").
     */
    public void waitFor(long wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!ready || revision < wanted) {
                if (closed) {
                    throw new ApiException.ServiceUnavailable("the watch cache of " + type.qualifiedName() + " is closed");
                }
                Watch w = storeWatch;
                if (ready && w != null) {
                    w.requestProgress();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ApiException.Timeout("Too large resource version: " + wanted + ", current: " + revision);
                }
                advanced.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.ServiceUnavailable("interrupted");
        } finally {
            lock.unlock();
        }
    }

    /** The cached object at {@code key}. */
    public Optional<CachedObject> get(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(state.get(key));
        } finally {
            lock.unlock();
        }
    }

    /** The objects the filter selects, in key order, and the revision they are at. */
    public Snapshot list(WatchFilter filter) {
        lock.lock();
        try {
            return new Snapshot(select(filter), revision);
        } finally {
            lock.unlock();
        }
    }

    private List<CachedObject> select(WatchFilter filter) {
        Map<String, CachedObject> range = filter.namespace() == null || !type.namespaced()
                ? state
                : state.subMap(type.keyPrefix(filter.namespace()), true, type.keyPrefix(filter.namespace()) + Character.MAX_VALUE, false);
        List<CachedObject> out = new ArrayList<>();
        for (CachedObject o : range.values()) {
            if (filter.matches(o)) {
                out.add(o);
            }
        }
        return out;
    }

    /** A list result: objects and the revision they are at. */
    public record Snapshot(List<CachedObject> items, long revision) {
    }

    /**
     * Starts a watch. With {@code fromRevision} > 0, events after that revision (410 Expired when
     * they are no longer in the window); with 0 and {@code initialEvents}, the current state as
     * ADDED first. The watcher is registered and fed before this returns; the caller drives it.
     */
    public CacheWatcher watch(WatchFilter filter, WatchSink sink, long fromRevision, boolean initialEvents,
            boolean endBookmark, boolean bookmarks) {
        CacheWatcher watcher = new CacheWatcher(filter, sink, watcherCapacity, type.kind(), type.apiVersion(), bookmarks);
        lock.lock();
        try {
            if (closed || draining) {
                throw new ApiException.ServiceUnavailable("apiserver is shutting down");
            }
            if (fromRevision > 0 && !initialEvents) {
                if (fromRevision < oldestResumable) {
                    throw new ApiException.Expired("too old resource version: " + fromRevision + " (" + oldestResumable + ")");
                }
                watcher.start(List.of(), fromRevision, false);
                for (CacheEvent e : window) {
                    if (e.revision() > fromRevision) {
                        watcher.offer(e);
                    }
                }
            } else {
                watcher.start(initialEvents ? select(filter) : List.of(), revision, endBookmark);
            }
            watchers.add(watcher);
            watcher.onDone(() -> watchers.remove(watcher));
        } finally {
            lock.unlock();
        }
        watcher.iterate();
        return watcher;
    }

    /** Sends a bookmark to each watcher that asked for them and has been idle for {@code idle}. */
    public void bookmarkIdleWatchers(Duration idle) {
        long rev = revision();
        for (CacheWatcher w : watchers) {
            w.bookmarkIfIdle(rev, idle.toNanos());
        }
    }

    /** How many watchers are open. */
    public int watcherCount() {
        return watchers.size();
    }

    /**
     * Ends every watch for a shutdown and refuses new ones, while reads go on being served: each
     * watcher that asked for bookmarks gets a final BOOKMARK at the cache's revision after its
     * queued events, so that its client resumes from there on another apiserver (or this one
     * restarted) without relisting.
     */
    public void drain() {
        List<CacheWatcher> toEnd;
        long at;
        lock.lock();
        try {
            draining = true;
            toEnd = List.copyOf(watchers);
            at = revision;
        } finally {
            lock.unlock();
        }
        toEnd.forEach(w -> w.finishWithBookmark(at));
    }

    /** Stops following the store and ends every watch. */
    @Override
    public void close() {
        List<CacheWatcher> toClose;
        lock.lock();
        try {
            closed = true;
            if (storeWatch != null) {
                storeWatch.close();
            }
            toClose = List.copyOf(watchers);
            watchers.clear();
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(CacheWatcher::finish);
    }
}
