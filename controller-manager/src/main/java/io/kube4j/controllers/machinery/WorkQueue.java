package io.kube4j.controllers.machinery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A controller's work queue with client-go's semantics: an item queued many times before a worker
 * takes it is processed once; an item is never handed to two workers at once (one added while it
 * is processed is queued again when the worker calls {@link #done}); items may wait
 * ({@link #addAfter}) or back off through a {@link RateLimiter} ({@link #addRateLimited}).
 *
 * <p>Thread-safe. Items must have value equality (controllers queue {@code namespace/name} keys).
 * Delayed items are released by one virtual thread per queue, started with the queue and ended by
 * {@link #shutDown}, after which {@link #get} returns null and adds are ignored.
 *
 * @param <K> the item type
 */
public final class WorkQueue<K> {

    private final String name;
    private final RateLimiter<K> limiter;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition delayedChanged = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Long> waitingUntil = new HashMap<>();
    private final PriorityQueue<Waiting<K>> waiting = new PriorityQueue<>();
    private boolean shuttingDown;

    private record Waiting<K>(K item, long readyAt) implements Comparable<Waiting<K>> {
        @Override
        public int compareTo(Waiting<K> o) {
            return Long.compare(readyAt, o.readyAt);
        }
    }

    /** A queue named {@code name} (thread names, logs) backing off with {@code limiter}. */
    public WorkQueue(String name, RateLimiter<K> limiter) {
        this.name = name;
        this.limiter = limiter;
        Thread.ofVirtual().name("workqueue-" + name + "-delays").start(this::releaseDelayed);
    }

    /** A queue with client-go's default controller rate limiter. */
    public WorkQueue(String name) {
        this(name, RateLimiter.controllerDefault());
    }

    public String name() {
        return name;
    }

    /** Queues {@code item} unless it is queued already. */
    public void add(K item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            if (!processing.contains(item)) {
                queue.addLast(item);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code item} once {@code delay} has passed (at once when not positive); keeps the earliest of several waits. */
    public void addAfter(K item, Duration delay) {
        if (!delay.isPositive()) {
            add(item);
            return;
        }
        long at = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            Long current = waitingUntil.get(item);
            if (current != null && current - at <= 0) {
                return;
            }
            waitingUntil.put(item, at);
            waiting.add(new Waiting<>(item, at));
            delayedChanged.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code item} after the wait its rate limiter gives (a failed attempt). */
    public void addRateLimited(K item) {
        addAfter(item, limiter.when(item));
    }

    /** Clears {@code item}'s back-off (its last attempt succeeded). */
    public void forget(K item) {
        limiter.forget(item);
    }

    /** How often {@code item} has been retried since last forgotten. */
    public int retries(K item) {
        return limiter.retries(item);
    }

    /**
     * The next item, which the caller processes and then passes to {@link #done}; blocks while the
     * queue is empty; null once the queue is shut down.
     */
    public K get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                ready.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            K item = queue.pollFirst();
            processing.add(item);
            dirty.remove(item);
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the processing of {@code item}; queues it again if it was added meanwhile. */
    public void done(K item) {
        lock.lock();
        try {
            if (processing.remove(item) && dirty.contains(item)) {
                queue.addLast(item);
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items queued and not yet taken. */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Whether nothing is queued, waiting or being processed. */
    public boolean idle() {
        lock.lock();
        try {
            return queue.isEmpty() && processing.isEmpty() && waitingUntil.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the queue: {@link #get} returns null to every worker, adds are ignored. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            ready.signalAll();
            delayedChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean shuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    private void releaseDelayed() {
        lock.lock();
        try {
            while (!shuttingDown) {
                Waiting<K> next = waiting.peek();
                long now = System.nanoTime();
                if (next == null) {
                    delayedChanged.await();
                } else if (next.readyAt() - now > 0) {
                    delayedChanged.awaitNanos(next.readyAt() - now);
                } else {
                    waiting.poll();
                    Long at = waitingUntil.get(next.item());
                    if (at != null && at == next.readyAt()) {
                        waitingUntil.remove(next.item());
                        lock.unlock();
                        try {
                            add(next.item());
                        } finally {
                            lock.lock();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "WorkQueue[" + name + "]";
    }

    /** For tests: waits up to {@code timeout} for {@link #idle()}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
