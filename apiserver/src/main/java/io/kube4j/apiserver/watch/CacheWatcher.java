package io.kube4j.apiserver.watch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One watch being served from a {@link ResourceCache}: first the initial events (the cache's state
 * when the watch started, as ADDED, when the request asked for them), then every later change the
 * filter selects, in revision order, with no gap and no duplicate (the cache registers the watcher
 * and takes the initial state under one lock).
 *
 * <p>Frames are pushed with asynchronous writes, one at a time ({@link IteratingCallback}); no
 * thread is parked per watcher. Live events wait in a bounded queue: a watcher that falls
 * {@code capacity} events behind is closed (its client re-watches or relists), so one slow client
 * neither stalls the others nor grows memory without bound — upstream's cacher does the same.
 *
 * <p>Thread-safety: {@link #offer} is called by the cache under its lock; the queue is guarded by
 * {@code lock} (never held while writing to the sink).
 */
public final class CacheWatcher extends IteratingCallback {

    private final WatchFilter filter;
    private final WatchSink sink;
    private final int capacity;
    private final String bookmarkHead;
    private final boolean bookmarks;
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private Iterator<CachedObject> initial;
    private long initialRevision;
    private boolean initialEndBookmark;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private boolean closing;
    private boolean overflowed;
    private long lastRevision;
    private long lastSentNanos = System.nanoTime();
    private Runnable onDone = () -> { };

    /**
     * @param filter       what this watch selects
     * @param sink         where frames go
     * @param capacity     live events that may wait before the watcher is closed
     * @param kind         the kind, for bookmark objects
     * @param apiVersion   the apiVersion, for bookmark objects
     * @param bookmarks    whether the client asked for bookmarks
     */
    public CacheWatcher(WatchFilter filter, WatchSink sink, int capacity, String kind, String apiVersion,
            boolean bookmarks) {
        this.filter = filter;
        this.sink = sink;
        this.capacity = capacity;
        this.bookmarks = bookmarks;
        this.bookmarkHead = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"" + kind + "\",\"apiVersion\":\""
                + apiVersion + "\",\"metadata\":{\"resourceVersion\":\"";
    }

    public WatchFilter filter() {
        return filter;
    }

    /** Runs when the watcher ends, however it ends (the cache unregisters it). */
    void onDone(Runnable action) {
        this.onDone = action;
    }

    /**
     * Sets the initial events (sent before any live event) and whether to end them with the
     * {@code k8s.io/initial-events-end} bookmark. Called by the cache before the first offer.
     */
    void start(List<CachedObject> initialObjects, long revision, boolean endBookmark) {
        lock.lock();
        try {
            this.initial = initialObjects.iterator();
            this.initialRevision = revision;
            this.initialEndBookmark = endBookmark;
            this.lastRevision = revision;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues the event if the filter selects it (as ADDED, MODIFIED or DELETED for this watcher).
     * Returns false when the watcher has overflowed and must be closed.
     */
    boolean offer(CacheEvent event) {
        EventType as = typeFor(event);
        lock.lock();
        try {
            lastRevision = event.revision();
            if (as == null || closing) {
                return true;
            }
            if (queue.size() >= capacity) {
                overflowed = true;
                closing = true;
                return false;
            }
            queue.add(event.frame(as));
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a bookmark at the latest revision if the client wants them and none was sent lately. */
    void bookmarkIfIdle(long revision, long idleNanos) {
        if (!bookmarks) {
            return;
        }
        lock.lock();
        try {
            lastRevision = Math.max(lastRevision, revision);
            if (closing || initial != null && initial.hasNext() || System.nanoTime() - lastSentNanos < idleNanos
                    || !queue.isEmpty()) {
                return;
            }
            queue.add(bookmark(lastRevision, false));
        } finally {
            lock.unlock();
        }
        iterate();
    }

    /** Ends the watch after what is queued has been sent. */
    public void finish() {
        lock.lock();
        try {
            closing = true;
        } finally {
            lock.unlock();
        }
        iterate();
    }

    /**
     * Ends the watch after what is queued has been sent, with a last BOOKMARK at {@code revision}
     * when the client asked for bookmarks (the apiserver is shutting down: the client resumes from
     * there instead of relisting).
     */
    public void finishWithBookmark(long revision) {
        lock.lock();
        try {
            if (bookmarks && !closing && !overflowed) {
                lastRevision = Math.max(lastRevision, revision);
                queue.add(bookmark(lastRevision, false));
            }
            closing = true;
        } finally {
            lock.unlock();
        }
        iterate();
    }

    /** Whether the watcher was closed for falling behind. */
    public boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    private EventType typeFor(CacheEvent event) {
        boolean now = event.type() != EventType.DELETED && filter.matches(event.object());
        boolean before = event.previous() != null && filter.matches(event.previous());
        if (event.type() == EventType.DELETED) {
            return before ? EventType.DELETED : null;
        }
        if (now && before) {
            return EventType.MODIFIED;
        }
        if (now) {
            return EventType.ADDED;
        }
        return before ? EventType.DELETED : null;
    }

    private byte[] bookmark(long revision, boolean initialEnd) {
        String annotations = initialEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
        return (bookmarkHead + revision + "\"" + annotations + "}}}\n").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] next() {
        lock.lock();
        try {
            if (overflowed) {
                return null;
            }
            if (initial != null) {
                if (initial.hasNext()) {
                    return CacheEvent.frame(EventType.ADDED, initial.next().json());
                }
                initial = null;
                if (initialEndBookmark) {
                    return bookmark(initialRevision, true);
                }
            }
            byte[] f = queue.poll();
            if (f != null) {
                lastSentNanos = System.nanoTime();
            }
            return f;
        } finally {
            lock.unlock();
        }
    }

    private boolean closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected Action process() {
        byte[] frame = next();
        if (frame != null) {
            sink.write(frame, this);
            return Action.SCHEDULED;
        }
        if (closing()) {
            if (overflowed()) {
                sink.abort(new IllegalStateException("watcher fell too far behind"));
            } else {
                sink.close();
            }
            return Action.SUCCEEDED;
        }
        return Action.IDLE;
    }

    @Override
    protected void onCompleteSuccess() {
        onDone.run();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        lock.lock();
        try {
            closing = true;
        } finally {
            lock.unlock();
        }
        sink.abort(cause);
        onDone.run();
    }
}
