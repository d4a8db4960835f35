package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ClusterWriter} that records events off the caller's thread, as upstream's event
 * recorder: {@link #event} only offers the event to a bounded queue, drained by one daemon thread
 * that writes through the delegate; when the queue is full the event is dropped and counted
 * ({@link #dropped()}), never waited for. Binding, the PodScheduled condition, the nominated node
 * and preemption go straight to the delegate, so a binding cycle costs one API write on its path.
 *
 * <p>Thread-safe. Owns its drain thread (stopped by {@link #close}), not the delegate. Events are
 * best effort by contract ({@link ClusterWriter#event}); delegate failures are logged and skipped.
 */
public final class AsyncEventWriter implements ClusterWriter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventWriter.class);
    /** Upstream's event broadcaster queues at most 1,000 events before dropping. */
    public static final int DEFAULT_CAPACITY = 1000;
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(2);

    private record PendingEvent(Pod pod, String type, String reason, String action, String note) {
    }

    private final ClusterWriter delegate;
    private final BlockingQueue<PendingEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread drainer;
    private volatile boolean closed;

    /** Starts the drain thread. */
    public AsyncEventWriter(ClusterWriter delegate, int capacity) {
        this.delegate = delegate;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainer = Thread.ofPlatform().name("kube4j-scheduler-events").daemon().start(this::drain);
    }

    @Override
    public void bind(Pod pod, String nodeName) {
        delegate.bind(pod, nodeName);
    }

    @Override
    public void markUnschedulable(Pod pod, String reason, String message) {
        delegate.markUnschedulable(pod, reason, message);
    }

    @Override
    public void setNominatedNodeName(Pod pod, String nodeName) {
        delegate.setNominatedNodeName(pod, nodeName);
    }

    /** Synchronous, as upstream's: the victims are gone (or going) before the preemptor is nominated. */
    @Override
    public void preempt(Pod victim, Pod preemptor, String nodeName) {
        delegate.preempt(victim, preemptor, nodeName);
    }

    @Override
    public void event(Pod pod, String type, String reason, String action, String note) {
        if (closed || !queue.offer(new PendingEvent(pod, type, reason, action, note))) {
            long n = dropped.incrementAndGet();
            // One line per power of two: visible without flooding the log under a burst.
            if (Long.bitCount(n) == 1) {
                LOG.warn("event queue full: dropped {} event(s) so far (latest: {} for {}/{})", n, reason,
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            }
        }
    }

    /** Events dropped because the queue was full or the writer closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Events waiting to be written. */
    public int pending() {
        return queue.size();
    }

    private void drain() {
        try {
            while (!closed || !queue.isEmpty()) {
                PendingEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    write(e);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(PendingEvent e) {
        try {
            delegate.event(e.pod(), e.type(), e.reason(), e.action(), e.note());
        } catch (RuntimeException ex) {
            LOG.warn("could not record event {}: {}", e.reason(), ex.getMessage());
        }
    }

    /**
     * Stops accepting events, writes those already queued for at most two seconds, then stops the
     * drain thread (what is left is dropped). Later calls do nothing.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        drainer.join(CLOSE_FLUSH);
        if (drainer.isAlive()) {
            drainer.interrupt();
            drainer.join(CLOSE_FLUSH);
        }
    }
}
