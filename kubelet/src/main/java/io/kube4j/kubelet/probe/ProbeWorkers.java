package io.kube4j.kubelet.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.runtime.ContainerRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's {@link ProbeManager}: one {@link ProbeWorker} per (pod, container, probe kind), each
 * on its own virtual thread, with upstream's semantics and "Unhealthy" / "ProbeWarning" events.
 *
 * <p>Thread-safe. The listener is called (on a worker's thread; it must not block long) with the
 * pod's UID whenever a recorded result of one of its containers changes; not for the initial
 * results a new container id starts with, since the kubelet itself just reported that container.
 * A probe's terminationGracePeriodSeconds is left to the kubelet, which kills the container.
 */
public final class ProbeWorkers implements ProbeManager {

    private static final Logger log = LoggerFactory.getLogger(ProbeWorkers.class);

    private record Key(String podUid, String container, ProbeKind kind) {}

    private final Probers probers;
    private final KubeletEvents events;
    private final Consumer<String> listener;
    private final Duration second;
    private final Instant startedAt;
    private final Map<Key, ProbeWorker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param runtime runs exec probes
     * @param events receives the probes' Warning events
     * @param listener told a pod's UID when one of its results changes
     */
    public ProbeWorkers(ContainerRuntime runtime, KubeletEvents events, Consumer<String> listener) {
        this(runtime, events, listener, Duration.ofSeconds(1), Instant.now(), false);
    }

    /**
     * For a hollow node (with the simulated runtime): the same workers and timing, but httpGet,
     * tcpSocket and grpc probes succeed without connecting, since simulated pod IPs lead nowhere;
     * exec probes go to the runtime (the simulated one fails only the command {@code ["false"]}).
     */
    public static ProbeWorkers forSimulatedNode(ContainerRuntime runtime, KubeletEvents events, Consumer<String> listener) {
        return new ProbeWorkers(runtime, events, listener, Duration.ofSeconds(1), Instant.now(), true);
    }

    /**
     * For tests: {@code second} is how long one of the probes' seconds lasts (periodSeconds and
     * initialDelaySeconds; timeoutSeconds stay real seconds), {@code startedAt} when the kubelet started
     * (workers made within a period of it wait a random part of the period first).
     */
    ProbeWorkers(ContainerRuntime runtime, KubeletEvents events, Consumer<String> listener, Duration second, Instant startedAt,
            boolean simulatedNetwork) {
        this.probers = new Probers(runtime, simulatedNetwork);
        this.events = events;
        this.listener = listener;
        this.second = second;
        this.startedAt = startedAt;
    }

    @Override
    public void update(Pod pod, Map<String, RunningContainer> running, String podIp) {
        String uid = pod.getMetadata().getUid();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (closed || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            remove(uid); // a pod that has ended is not probed (upstream's workers end with it)
            return;
        }
        Set<Key> wanted = new HashSet<>();
        List<ProbeWorker> created = new ArrayList<>();
        boolean changed = false;
        synchronized (this) {
            List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null
                    ? List.of() : pod.getSpec().getContainers();
            for (Container c : containers) {
                for (ProbeKind kind : ProbeKind.values()) {
                    Probe spec = switch (kind) {
                        case LIVENESS -> c.getLivenessProbe();
                        case READINESS -> c.getReadinessProbe();
                        case STARTUP -> c.getStartupProbe();
                    };
                    if (spec == null) {
                        continue;
                    }
                    Key key = new Key(uid, c.getName(), kind);
                    wanted.add(key);
                    ProbeWorker worker = workers.get(key);
                    if (worker == null) {
                        worker = new ProbeWorker(this, pod, c, kind, spec);
                        workers.put(key, worker);
                        created.add(worker);
                    }
                    changed |= worker.target(pod, running.get(c.getName()), podIp);
                }
            }
            // Started only once all of the pod's workers are known: a liveness worker must see the
            // startup worker of its container from its first tick on.
            for (ProbeWorker worker : created) {
                Duration period = seconds(worker.spec().getPeriodSeconds(), 10);
                worker.start(Duration.between(startedAt, now()).compareTo(period) < 0);
            }
            workers.entrySet().removeIf(e -> {
                if (e.getKey().podUid().equals(uid) && !wanted.contains(e.getKey())) {
                    e.getValue().stop();
                    return true;
                }
                return false;
            });
        }
        if (changed) {
            notifyListener(uid);
        }
    }

    @Override
    public void remove(String podUid) {
        workers.entrySet().removeIf(e -> {
            if (e.getKey().podUid().equals(podUid)) {
                e.getValue().stop();
                return true;
            }
            return false;
        });
    }

    @Override
    public boolean ready(String podUid, String containerName, String containerId) {
        if (!started(podUid, containerName, containerId)) {
            return false;
        }
        ProbeWorker readiness = workers.get(new Key(podUid, containerName, ProbeKind.READINESS));
        return readiness == null || readiness.result(containerId) == ProbeWorker.Result.SUCCESS;
    }

    @Override
    public boolean started(String podUid, String containerName, String containerId) {
        ProbeWorker startup = workers.get(new Key(podUid, containerName, ProbeKind.STARTUP));
        return startup == null || startup.result(containerId) == ProbeWorker.Result.SUCCESS;
    }

    @Override
    public boolean mustRestart(String podUid, String containerName, String containerId) {
        ProbeWorker liveness = workers.get(new Key(podUid, containerName, ProbeKind.LIVENESS));
        ProbeWorker startup = workers.get(new Key(podUid, containerName, ProbeKind.STARTUP));
        return liveness != null && liveness.result(containerId) == ProbeWorker.Result.FAILURE
                || startup != null && startup.result(containerId) == ProbeWorker.Result.FAILURE;
    }

    @Override
    public void close() {
        closed = true;
        workers.values().forEach(ProbeWorker::stop);
        workers.clear();
    }

    // ---- for the workers

    Probers probers() {
        return probers;
    }

    Instant now() {
        return Instant.now();
    }

    /** A probe's seconds field as a duration ({@code fallback} when unset or not positive, as the API's defaults). */
    Duration seconds(Integer value, int fallback) {
        int n = value == null || value < 0 || (value == 0 && fallback > 0) ? fallback : value;
        return second.multipliedBy(n);
    }

    /** A result was recorded: tell the kubelet; a startup success lets the other probes of the container start at once. */
    void resultChanged(ProbeWorker worker, String containerId, ProbeWorker.Result result) {
        if (worker.kind == ProbeKind.STARTUP && result == ProbeWorker.Result.SUCCESS) {
            for (ProbeKind other : List.of(ProbeKind.READINESS, ProbeKind.LIVENESS)) {
                ProbeWorker w = workers.get(new Key(worker.podUid, worker.containerName, other));
                if (w != null) {
                    w.poke();
                }
            }
        }
        log.debug("{} probe of {}/{} ({}): {}", worker.kind.label(), worker.podUid, worker.containerName, containerId, result);
        notifyListener(worker.podUid);
    }

    private void notifyListener(String podUid) {
        try {
            listener.accept(podUid);
        } catch (RuntimeException e) {
            log.warn("probe listener failed for pod {}", podUid, e);
        }
    }

    /** Upstream's events for a probe's outcome: Unhealthy for failures and errors, ProbeWarning for warnings. */
    void report(Pod pod, String containerName, ProbeKind kind, ProbeResult outcome) {
        String fieldPath = "spec.containers{" + containerName + "}";
        try {
            switch (outcome.status()) {
                case FAILURE -> events.pod(pod, fieldPath, "Warning", "Unhealthy", kind.label() + " probe failed: " + outcome.output());
                case WARNING -> events.pod(pod, fieldPath, "Warning", "ProbeWarning", kind.label() + " probe warning: " + outcome.output());
                case ERROR -> events.pod(pod, fieldPath, "Warning", "Unhealthy",
                        kind.label() + " probe errored and resulted in unknown state: " + outcome.output());
                case SUCCESS -> { }
            }
        } catch (RuntimeException e) {
            log.warn("cannot record a probe event for pod {}", pod.getMetadata().getUid(), e);
        }
    }
}
