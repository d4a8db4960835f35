package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes one container of one pod with one of its probes, every periodSeconds, on its own virtual
 * thread, and keeps the result for the container instance it currently watches (upstream's prober
 * worker):
 *
 * <ul>
 *   <li>a new container id starts over with the kind's initial result (readiness: failure,
 *       liveness: success, startup: unknown) and clears the counts;
 *   <li>no probe before initialDelaySeconds have passed since the container started (the worker
 *       sleeps until then, rather than until the next tick);
 *   <li>until the startup probe has succeeded only it runs; after, only the others do;
 *   <li>a result is recorded once it has been seen successThreshold (or failureThreshold) times in
 *       a row; a liveness or startup failure puts the worker on hold until a new container id;
 *   <li>when the pod is being deleted, liveness and startup stop with a success (a quiet shutdown);
 *   <li>a probe that could not run (ERROR) is thrown away.
 * </ul>
 *
 * <p>Thread-safe: the watched instance and the results are guarded by the worker's monitor; probes
 * run outside it, and a result of an instance that was replaced meanwhile is dropped.
 */
final class ProbeWorker {

    private static final Logger log = LoggerFactory.getLogger(ProbeWorker.class);

    /** A recorded result (upstream's results.Result). */
    enum Result {
        SUCCESS,
        FAILURE,
        UNKNOWN
    }

    final String podUid;
    final String containerName;
    final ProbeKind kind;
    private final Probe spec;
    private final Container container;
    private final ProbeWorkers manager;
    private final Semaphore trigger = new Semaphore(0);
    private volatile boolean stopped;
    private Thread thread;

    // guarded by this
    private Pod pod;
    private String podIp;
    private RunningContainer instance;
    private String containerId;
    private Result result;
    private ProbeResult.Status lastStatus;
    private int run;
    private boolean onHold;

    ProbeWorker(ProbeWorkers manager, Pod pod, Container container, ProbeKind kind, Probe spec) {
        this.manager = manager;
        this.podUid = pod.getMetadata().getUid();
        this.containerName = container.getName();
        this.kind = kind;
        this.spec = spec;
        this.container = container;
        this.pod = pod;
    }

    Probe spec() {
        return spec;
    }

    void start(boolean jitter) {
        thread = Thread.ofVirtual().name("probe-" + kind.label().toLowerCase() + "-" + podUid + "-" + containerName)
                .start(() -> run(jitter));
    }

    void stop() {
        stopped = true;
        trigger.release();
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Probes at once (a new container, a startup probe that just succeeded) instead of at the next tick. */
    void poke() {
        trigger.release();
    }

    /**
     * The container instance to watch now, or null when the container does not run; a new id resets
     * the results. Returns whether a recorded result changed (readiness falls when the container stops).
     */
    synchronized boolean target(Pod pod, RunningContainer running, String podIp) {
        this.pod = pod;
        this.podIp = podIp;
        if (running == null) {
            instance = null;
            // A readiness result of a container that no longer runs is a failure (upstream sets it so).
            return kind == ProbeKind.READINESS && containerId != null && set(Result.FAILURE);
        }
        instance = running;
        if (!running.id().equals(containerId)) {
            containerId = running.id();
            result = initialResult();
            lastStatus = null;
            run = 0;
            onHold = false;
            trigger.release();
        }
        return false;
    }

    private Result initialResult() {
        return switch (kind) {
            case READINESS -> Result.FAILURE;
            case LIVENESS -> Result.SUCCESS;
            case STARTUP -> Result.UNKNOWN;
        };
    }

    /** The recorded result for this container instance; null if the worker watches another one (or none yet). */
    synchronized Result result(String id) {
        return id != null && id.equals(containerId) ? result : null;
    }

    private boolean set(Result next) {
        boolean changed = result != next;
        result = next;
        return changed;
    }

    private void run(boolean jitter) {
        Duration period = manager.seconds(spec.getPeriodSeconds(), 10);
        try {
            if (jitter) {
                // After a kubelet restart, spread the first probes of all workers over one period.
                sleep(Duration.ofNanos((long) (ThreadLocalRandom.current().nextDouble() * period.toNanos())));
            }
            long nextTick = System.nanoTime();
            while (!stopped) {
                Duration wait;
                try {
                    wait = probeOnce(period);
                } catch (RuntimeException e) {
                    log.warn("{} probe of {}/{} failed unexpectedly", kind.label(), podUid, containerName, e);
                    wait = period;
                }
                if (wait == null) {
                    return;
                }
                nextTick += period.toNanos();
                long now = System.nanoTime();
                if (nextTick < now) {
                    nextTick = now + period.toNanos(); // a slow probe: skip the missed ticks, as a Go ticker does
                }
                long sleepNanos = Math.min(wait.toNanos(), nextTick - now);
                if (trigger.tryAcquire(Math.max(0, sleepNanos), TimeUnit.NANOSECONDS)) {
                    trigger.drainPermits();
                    nextTick = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        if (trigger.tryAcquire(d.toNanos(), TimeUnit.NANOSECONDS)) {
            trigger.release(); // keep the wake-up (a stop or a poke) for the loop
        }
    }

    /** One tick: probes if it is time; returns how long to wait at most before the next tick, or null to end. */
    private Duration probeOnce(Duration period) {
        Pod pod;
        String podIp;
        RunningContainer running;
        synchronized (this) {
            if (instance == null || onHold) {
                return period;
            }
            pod = this.pod;
            podIp = this.podIp;
            running = instance;
        }
        String id = running.id();
        if (pod.getMetadata().getDeletionTimestamp() != null && kind != ProbeKind.READINESS) {
            boolean changed;
            synchronized (this) {
                changed = id.equals(containerId) && set(Result.SUCCESS);
            }
            if (changed) {
                manager.resultChanged(this, id, Result.SUCCESS);
            }
            return null; // stop probing: the pod shuts down
        }
        Duration delay = manager.seconds(spec.getInitialDelaySeconds(), 0);
        Duration sinceStart = Duration.between(running.startedAt() == null ? Instant.EPOCH : running.startedAt(), manager.now());
        if (sinceStart.compareTo(delay) < 0) {
            Duration left = delay.minus(sinceStart);
            return left.compareTo(period) < 0 ? left : period;
        }
        boolean started = manager.started(podUid, containerName, id);
        if (kind == ProbeKind.STARTUP ? started : !started) {
            return period;
        }
        ProbeResult outcome = manager.probers().run(spec, new ProbeTarget(pod, container, id, podIp));
        if (stopped) {
            return null; // a probe cut short by stop() is no failure of the container
        }
        manager.report(pod, containerName, kind, outcome);
        if (outcome.status() == ProbeResult.Status.ERROR) {
            return period;
        }
        ProbeResult.Status status = outcome.status() == ProbeResult.Status.WARNING ? ProbeResult.Status.SUCCESS : outcome.status();
        Result recorded;
        synchronized (this) {
            if (stopped || !id.equals(containerId)) {
                return period; // the container was replaced while the probe ran
            }
            if (status == lastStatus) {
                run++;
            } else {
                lastStatus = status;
                run = 1;
            }
            int threshold = status == ProbeResult.Status.FAILURE ? threshold(spec.getFailureThreshold(), 3) : threshold(spec.getSuccessThreshold(), 1);
            if (run < threshold) {
                return period;
            }
            recorded = status == ProbeResult.Status.SUCCESS ? Result.SUCCESS : Result.FAILURE;
            if (!set(recorded)) {
                recorded = null;
            }
            if (kind != ProbeKind.READINESS && status == ProbeResult.Status.FAILURE) {
                // The container must be restarted: no more probes until a new one runs.
                onHold = true;
                run = 0;
            }
        }
        if (recorded != null) {
            manager.resultChanged(this, id, recorded);
        }
        return period;
    }

    private static int threshold(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
