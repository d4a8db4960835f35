package io.kube4j.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.ClusterEvent;
import io.kube4j.scheduler.framework.PodInfo;
import io.kube4j.scheduler.framework.PreEnqueuePlugin;
import io.kube4j.scheduler.framework.QueueSortPlugin;
import io.kube4j.scheduler.framework.QueuedPodInfo;
import io.kube4j.scheduler.framework.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduling queue, as upstream's PriorityQueue: three places a pending pod can be.
 *
 * <ul>
 *   <li><b>active</b>: ready to be tried, ordered by the profile's QueueSort plugin (priority,
 *       then queue time); {@link #pop} takes the head.</li>
 *   <li><b>backoff</b>: failed recently; waits 1 s, 2 s, 4 s ... up to 10 s by attempts, then
 *       {@link #flushBackoffCompleted} moves it to active.</li>
 *   <li><b>unschedulable</b>: rejected by plugins; stays until a cluster event that one of those
 *       plugins registered ({@link #moveAllToActiveOrBackoff}), or until it has waited 5 minutes
 *       ({@link #flushUnschedulableLeftover}). Pods held by a PreEnqueue plugin (gated) wait here
 *       too.</li>
 * </ul>
 *
 * <p>If a move request arrives while a pod is being scheduled, a rejection of that pod sends it to
 * backoff rather than unschedulable, so the event is not lost. Thread-safe (one lock); time comes
 * from the given {@link InstantSource} so tests can drive it. {@link #close} wakes blocked pops.
 */
public final class SchedulingQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulingQueue.class);

    /** Upstream's podMaxInUnschedulablePodsDuration. */
    public static final Duration DEFAULT_MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);
    static final Duration BACKOFF_FLUSH_PERIOD = Duration.ofSeconds(1);
    static final Duration UNSCHEDULABLE_FLUSH_PERIOD = Duration.ofSeconds(30);

    private final InstantSource clock;
    private final List<PreEnqueuePlugin> preEnqueue;
    private final QueueingEvents events;
    private final Duration maxInUnschedulable;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPodInfo> active;
    private final BackoffQueue backoffQ;
    private final Nominator nominator = new Nominator();
    private final Map<String, QueuedPodInfo> activeByKey = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    /**
     * @param sort               the profile's QueueSort plugin
     * @param preEnqueue         the profile's PreEnqueue plugins
     * @param events             per plugin, the cluster events after which pods it rejected may fit
     * @param clock              the time source
     * @param backoff            the backoff policy
     * @param maxInUnschedulable how long a pod may sit in unschedulable before it is retried anyway
     */
    public SchedulingQueue(QueueSortPlugin sort, List<PreEnqueuePlugin> preEnqueue, QueueingEvents events,
                           InstantSource clock, BackoffPolicy backoff, Duration maxInUnschedulable) {
        this.clock = clock;
        this.preEnqueue = List.copyOf(preEnqueue);
        this.events = events;
        this.maxInUnschedulable = maxInUnschedulable;
        this.active = new PriorityQueue<>((a, b) -> sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : 0);
        this.backoffQ = new BackoffQueue(backoff);
    }

    /** A new pending pod (or one seen again): active unless a PreEnqueue plugin gates it. */
    public void add(Pod pod) {
        lock.lock();
        try {
            String key = PodInfo.keyOf(pod);
            removeEverywhere(key);
            nominator.update(pod);
            QueuedPodInfo info = new QueuedPodInfo(pod, clock.instant());
            if (runPreEnqueue(info)) {
                pushActive(info);
            } else {
                unschedulable.put(key, info);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pending pod changed. Queued in active or backoff: updated in place. In unschedulable: an
     * update beyond status and bookkeeping fields may make it fit, so it moves to backoff (if
     * still backing off) or active; a gated pod moves only once its gates pass. Not queued: added.
     */
    public void update(Pod newPod) {
        lock.lock();
        try {
            String key = PodInfo.keyOf(newPod);
            nominator.update(newPod);
            QueuedPodInfo info = activeByKey.get(key);
            if (info != null) {
                active.remove(info);
                info.setPod(newPod);
                active.add(info);
                return;
            }
            info = backoffQ.get(key);
            if (info != null) {
                info.setPod(newPod);
                return;
            }
            info = unschedulable.get(key);
            if (info != null) {
                boolean relevant = PodUpdates.mayChangeScheduling(info.pod(), newPod);
                info.setPod(newPod);
                if (!relevant || (info.gated() && !runPreEnqueue(info))) {
                    return;
                }
                unschedulable.remove(key);
                requeue(info);
                return;
            }
        } finally {
            lock.unlock();
        }
        add(newPod);
    }

    /** The pod was deleted (or bound by someone else): forget it wherever it is. */
    public void delete(Pod pod) {
        lock.lock();
        try {
            String key = PodInfo.keyOf(pod);
            removeEverywhere(key);
            nominator.delete(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the head of the active queue, waiting as long as needed. Counts an attempt and starts
     * a new scheduling cycle.
     *
     * @return the pod, or null once the queue is closed
     */
    public QueuedPodInfo pop() throws InterruptedException {
        return pop(null);
    }

    /** As {@link #pop()}, waiting at most {@code timeout} (null = forever); null on timeout or close. */
    public QueuedPodInfo pop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
            while (active.isEmpty() && !closed) {
                if (timeout == null) {
                    notEmpty.await();
                } else {
                    if (nanos <= 0) {
                        return null;
                    }
                    nanos = notEmpty.awaitNanos(nanos);
                }
            }
            if (closed) {
                return null;
            }
            QueuedPodInfo info = active.poll();
            activeByKey.remove(info.key());
            info.incrementAttempts();
            schedulingCycle++;
            return info;
        } finally {
            lock.unlock();
        }
    }

    /** The number of the scheduling cycle last started by {@link #pop}. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a pod that failed in cycle {@code podSchedulingCycle}. Its
     * {@link QueuedPodInfo#unschedulablePlugins()} must hold the rejecting plugins (empty after an
     * error). It goes to backoff if it failed by error or a move request came during its cycle,
     * otherwise to unschedulable.
     *
     * @throws IllegalStateException if the pod is already queued
     */
    public void addUnschedulableIfNotPresent(QueuedPodInfo info, long podSchedulingCycle) {
        lock.lock();
        try {
            String key = info.key();
            if (activeByKey.containsKey(key) || backoffQ.contains(key) || unschedulable.containsKey(key)) {
                throw new IllegalStateException("pod " + key + " is already queued");
            }
            info.setTimestamp(clock.instant());
            nominator.update(info.pod());
            if (moveRequestCycle >= podSchedulingCycle || info.unschedulablePlugins().isEmpty()) {
                pushBackoff(info);
            } else {
                unschedulable.put(key, info);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves every backoff pod whose backoff has expired to active. Called every second by {@link #start}. */
    public void flushBackoffCompleted() {
        lock.lock();
        try {
            backoffQ.pollExpired(clock.instant()).forEach(this::pushActive);
        } finally {
            lock.unlock();
        }
    }

    /** Retries pods that have been unschedulable longer than the limit. Called every 30 s by {@link #start}. */
    public void flushUnschedulableLeftover() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<QueuedPodInfo> stale = new ArrayList<>();
            for (QueuedPodInfo info : unschedulable.values()) {
                if (Duration.between(info.timestamp(), now).compareTo(maxInUnschedulable) > 0) {
                    stale.add(info);
                }
            }
            movePods(stale, ClusterEvent.UNSCHEDULABLE_TIMEOUT);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A cluster event happened: every unschedulable pod rejected by a plugin that registered
     * interest in it moves to backoff (if still backing off) or active; pods being scheduled now
     * will go to backoff if they fail.
     */
    public void moveAllToActiveOrBackoff(ClusterEvent event) {
        lock.lock();
        try {
            movePods(new ArrayList<>(unschedulable.values()), event);
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The counts of each part of the queue. */
    public QueueCounts counts() {
        lock.lock();
        try {
            int gated = (int) unschedulable.values().stream().filter(QueuedPodInfo::gated).count();
            return new QueueCounts(active.size(), backoffQ.size(), unschedulable.size() - gated, gated);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pending pods nominated to a node (including popped ones still in flight), by node
     * name: an immutable snapshot, cheap when nothing changed since the last call.
     */
    public Map<String, List<Pod>> nominatedPodsByNode() {
        lock.lock();
        try {
            return nominator.byNode();
        } finally {
            lock.unlock();
        }
    }

    /** All queued pods (active, backoff, unschedulable), for debugging and metrics. */
    public List<Pod> pendingPods() {
        lock.lock();
        try {
            List<Pod> out = new ArrayList<>();
            active.forEach(i -> out.add(i.pod()));
            backoffQ.forEach(i -> out.add(i.pod()));
            unschedulable.values().forEach(i -> out.add(i.pod()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the periodic flushes on {@code executor} (backoff every 1 s, unschedulable every 30 s).
     * The caller owns the executor; cancel the returned futures or shut the executor down to stop.
     */
    public List<ScheduledFuture<?>> start(ScheduledExecutorService executor) {
        return List.of(
                executor.scheduleWithFixedDelay(guarded(this::flushBackoffCompleted), BACKOFF_FLUSH_PERIOD.toMillis(),
                        BACKOFF_FLUSH_PERIOD.toMillis(), TimeUnit.MILLISECONDS),
                executor.scheduleWithFixedDelay(guarded(this::flushUnschedulableLeftover), UNSCHEDULABLE_FLUSH_PERIOD.toMillis(),
                        UNSCHEDULABLE_FLUSH_PERIOD.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Wakes every blocked {@link #pop}; later pops return null. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void movePods(List<QueuedPodInfo> candidates, ClusterEvent event) {
        for (QueuedPodInfo info : candidates) {
            if (!events.mayHelp(info, event)) {
                continue;
            }
            if (info.gated() && !runPreEnqueue(info)) {
                continue;
            }
            unschedulable.remove(info.key());
            requeue(info);
        }
    }

    private void requeue(QueuedPodInfo info) {
        if (info.attempts() > 0 && backoffQ.isBackingOff(info, clock.instant())) {
            pushBackoff(info);
        } else {
            pushActive(info);
        }
    }

    /** Runs PreEnqueue; marks the pod gated (with the gating plugin as its rejector) if one says no. */
    private boolean runPreEnqueue(QueuedPodInfo info) {
        for (PreEnqueuePlugin pl : preEnqueue) {
            Status s = pl.preEnqueue(info.pod());
            if (!s.isSuccess()) {
                info.setGated(true);
                info.unschedulablePlugins().clear();
                // A composite (one profile's plugins among several) names the plugin that refused.
                info.unschedulablePlugins().add(s.plugin().isEmpty() ? pl.name() : s.plugin());
                return false;
            }
        }
        if (info.gated()) {
            info.setGated(false);
            info.unschedulablePlugins().clear();
        }
        return true;
    }

    private void pushActive(QueuedPodInfo info) {
        active.add(info);
        activeByKey.put(info.key(), info);
        notEmpty.signal();
    }

    private void pushBackoff(QueuedPodInfo info) {
        backoffQ.add(info);
    }

    private void removeEverywhere(String key) {
        QueuedPodInfo a = activeByKey.remove(key);
        if (a != null) {
            active.remove(a);
        }
        backoffQ.remove(key);
        unschedulable.remove(key);
    }

    private static Runnable guarded(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduling queue flush failed", e);
            }
        };
    }

    @Override
    public String toString() {
        return "SchedulingQueue" + counts();
    }
}
