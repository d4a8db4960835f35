package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker per pod UID, each on its own virtual thread (upstream's podWorkers): updates to a pod
 * are coalesced (the worker syncs the newest version once, however many arrived while it was
 * busy), and a worker syncs again when woken (a relist saw a change, a probe result changed) or
 * when the delay its last sync asked for has passed. A worker ends when its sync says the pod is
 * gone and cleaned up.
 *
 * <p>Thread-safe. {@link #close()} stops every worker (interrupting a sync in progress).
 */
final class PodWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);

    private final PodSyncer syncer;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PodWorkers(PodSyncer syncer) {
        this.syncer = syncer;
    }

    /** A pod was added or changed at its source: start its worker or hand it the new version. */
    void update(Pod pod, boolean isStatic) {
        if (closed) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        Worker w = workers.computeIfAbsent(uid, u -> new Worker(new PodWork(pod, isStatic)));
        w.work.update(pod);
        w.wake();
    }

    /** The pod is gone from its source: its worker stops it, cleans up and ends. */
    void remove(Pod lastKnown) {
        String uid = lastKnown.getMetadata().getUid();
        Worker w = workers.computeIfAbsent(uid, u -> new Worker(new PodWork(lastKnown, false)));
        w.work.markGone();
        w.wake();
    }

    /** Wakes the pod's worker, if it has one. */
    void wake(String uid) {
        Worker w = workers.get(uid);
        if (w != null) {
            w.wake();
        }
    }

    boolean has(String uid) {
        return workers.containsKey(uid);
    }

    Set<String> uids() {
        return Set.copyOf(workers.keySet());
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers.values()) {
            w.thread.interrupt();
        }
        for (Worker w : workers.values()) {
            try {
                w.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker {
        final PodWork work;
        final BlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
        final Thread thread;

        Worker(PodWork work) {
            this.work = work;
            String name = "pod-worker-" + work.pod().getMetadata().getNamespace() + "/" + work.pod().getMetadata().getName();
            this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
            this.thread.start();
        }

        void wake() {
            signal.offer(Boolean.TRUE); // a full queue already holds a wake-up: coalesced
        }

        private void run() {
            String uid = work.pod().getMetadata().getUid();
            Duration wait = Duration.ZERO;
            try {
                while (!closed) {
                    signal.poll(Math.max(wait.toMillis(), 0), TimeUnit.MILLISECONDS);
                    if (closed) {
                        return;
                    }
                    try {
                        wait = syncer.sync(work);
                    } catch (RuntimeException e) {
                        if (closed || Thread.currentThread().isInterrupted()) {
                            return;
                        }
                        log.warn("sync of pod {} failed: {}", PodNames.key(work.pod()), e.toString(), e);
                        wait = PodSyncer.RETRY;
                    }
                    if (wait == null) {
                        workers.remove(uid, this);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // closing
            } finally {
                if (!closed) {
                    workers.remove(uid, this);
                }
            }
        }
    }
}
