package io.kube4j.kubelet.eviction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kube4j.kubelet.node.NodePressure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's eviction manager, kept small: every monitoring period it observes the signals,
 * compares them with the hard thresholds and keeps the pressure conditions (a condition stays
 * until it has not been observed for the pressure transition period, 5 minutes upstream). Under
 * memory pressure it evicts one pod per period, ranked as upstream's rankMemoryPressure, never a
 * critical one (static, mirror, or priority at or above system-critical). Under disk pressure it
 * first runs the node-level reclaim (image and container garbage collection) it is given and, if
 * a threshold is still met, evicts one pod ranked as upstream's rankDiskPressureFunc; under PID
 * pressure one pod by priority. Whatever the pressure, every pod over an emptyDir sizeLimit or an
 * ephemeral-storage limit is evicted (upstream's localStorageEviction, LocalStorageCapacityIsolation).
 * {@link #admit} rejects pods as upstream's admission handler does.
 *
 * <p>Thread-safe. {@link #start} owns one virtual thread, stopped by {@link #close()}; the runtime,
 * the signal source and the callbacks belong to the caller.
 */
public final class EvictionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvictionManager.class);

    /**
     * @param hard the hard thresholds ({@link Threshold#DEFAULT_HARD})
     * @param pressureTransitionPeriod how long a condition outlives its last observation (--eviction-pressure-transition-period)
     * @param monitoringPeriod how often signals are observed (upstream: 10 s)
     * @param dedicatedImageFs whether images and writable layers are on a filesystem of their own (imagefs ≠ nodefs):
     *     then nodefs pressure ranks pods by logs and volumes, imagefs pressure by writable layers, and a container's
     *     ephemeral-storage limit counts its logs only, as upstream's
     */
    public record Config(List<Threshold> hard, Duration pressureTransitionPeriod, Duration monitoringPeriod, boolean dedicatedImageFs) {
        public static final Config DEFAULT = new Config(Threshold.DEFAULT_HARD, Duration.ofMinutes(5), Duration.ofSeconds(10));

        public Config {
            hard = List.copyOf(hard);
        }

        /** Images (and writable layers) on the nodefs, the usual case here. */
        public Config(List<Threshold> hard, Duration pressureTransitionPeriod, Duration monitoringPeriod) {
            this(hard, pressureTransitionPeriod, monitoringPeriod, false);
        }
    }

    private final Config config;
    private final SignalSource signals;
    private final Supplier<Map<String, PodUsage>> podUsage;
    private final PodStorageSource storage;
    private final Supplier<List<Pod>> activePods;
    private final PodEvictor evictor;
    private final Runnable diskReclaim;
    private final Runnable onConditionsChanged;
    private final InstantSource clock;
    private final Map<String, Instant> lastObserved = new LinkedHashMap<>();
    private volatile List<String> conditions = List.of();
    private volatile Map<Signal, Observation> lastObservations = Map.of();
    private volatile java.util.function.BiConsumer<String, String> nodeEvents = (reason, message) -> {};
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param podUsage pod UID → memory working set (e.g. {@code () -> RuntimePodUsage.collect(runtime)})
     * @param activePods the pods the kubelet runs now (not terminated)
     * @param diskReclaim frees disk space before pods would be evicted for it (image and container GC); may be a no-op
     * @param onConditionsChanged called when the set of pressure conditions changes (e.g. {@code nodeAgent::syncNow})
     */
    public EvictionManager(Config config, SignalSource signals, Supplier<Map<String, PodUsage>> podUsage, Supplier<List<Pod>> activePods,
            PodEvictor evictor, Runnable diskReclaim, Runnable onConditionsChanged, InstantSource clock) {
        this(config, signals, podUsage, null, activePods, evictor, diskReclaim, onConditionsChanged, clock);
    }

    /**
     * @param podUsage pod UID → memory working set (e.g. {@code () -> RuntimePodUsage.collect(runtime)})
     * @param storage measures pods' ephemeral storage (e.g. {@link HostPodStorage}) for local storage limits and disk
     *     pressure; null to do neither
     * @param activePods the pods the kubelet runs now (not terminated)
     * @param diskReclaim frees disk space before pods would be evicted for it (image and container GC); may be a no-op
     * @param onConditionsChanged called when the set of pressure conditions changes (e.g. {@code nodeAgent::syncNow})
     */
    public EvictionManager(Config config, SignalSource signals, Supplier<Map<String, PodUsage>> podUsage, PodStorageSource storage,
            Supplier<List<Pod>> activePods, PodEvictor evictor, Runnable diskReclaim, Runnable onConditionsChanged, InstantSource clock) {
        this.config = config;
        this.signals = signals;
        this.podUsage = podUsage;
        this.storage = storage;
        this.activePods = activePods;
        this.evictor = evictor;
        this.diskReclaim = diskReclaim;
        this.onConditionsChanged = onConditionsChanged;
        this.clock = clock;
    }

    /**
     * Where to record Warning events about the Node (reason, message), e.g. upstream's
     * {@code EvictionThresholdMet "Attempting to reclaim ephemeral-storage"}; none by default. Call before {@link #start}.
     */
    public EvictionManager withNodeEvents(java.util.function.BiConsumer<String, String> sink) {
        this.nodeEvents = sink;
        return this;
    }

    /** Starts monitoring every {@link Config#monitoringPeriod()}. */
    public EvictionManager start() {
        thread = Thread.ofVirtual().name("eviction-manager").start(() -> {
            while (!closed) {
                try {
                    synchronize();
                } catch (RuntimeException e) {
                    LOG.warn("eviction manager: {}", e.toString());
                }
                try {
                    Thread.sleep(config.monitoringPeriod());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** The pressure the node is under (for the NodeAgent's conditions). */
    public NodePressure pressure() {
        List<String> c = conditions;
        return new NodePressure(c.contains("MemoryPressure"), c.contains("DiskPressure"), c.contains("PIDPressure"));
    }

    /** The signals as last observed. */
    public Map<Signal, Observation> observations() {
        return lastObservations;
    }

    /**
     * Upstream's admission: with no pressure, or for a critical pod, admit; under memory pressure
     * alone admit any pod that is not BestEffort, and a BestEffort one that tolerates the
     * memory-pressure taint; otherwise reject.
     *
     * @return the rejection message (reason {@link Eviction#REASON}), or empty to admit
     */
    public Optional<String> admit(Pod pod) {
        List<String> c = conditions;
        if (c.isEmpty() || critical(pod)) {
            return Optional.empty();
        }
        if (c.equals(List.of("MemoryPressure"))) {
            if (!PodRequests.bestEffort(pod) || toleratesMemoryPressure(pod)) {
                return Optional.empty();
            }
        }
        return Optional.of(EvictionMessages.admissionRejection(c));
    }

    /**
     * One pass: observe, update the conditions, reclaim or evict.
     *
     * @return the pod evicted in this pass, if any
     */
    public synchronized Optional<Pod> synchronize() {
        Instant now = clock.instant();
        Map<Signal, Observation> observed = signals.observe();
        lastObservations = Map.copyOf(observed);
        List<Threshold> met = met(observed);
        for (Threshold t : met) {
            lastObserved.put(t.signal().condition(), now);
        }
        updateConditions(now);
        Optional<Threshold> reclaim = reclaimable(met);
        boolean disk = reclaim.isPresent() && reclaim.get().signal().condition().equals("DiskPressure");
        List<Pod> active = activePods.get();
        Map<String, PodStorage> storageUsage = Map.of();
        if (storage != null) {
            // Without disk pressure only pods with limits need walking: that bounds the cost on a calm node.
            List<Pod> measured = disk ? active : active.stream().filter(LocalStorageLimits::limited).toList();
            storageUsage = measured.isEmpty() ? Map.of() : storage.measure(measured);
            List<Pod> evicted = localStorageEviction(active, storageUsage);
            if (!evicted.isEmpty()) {
                return Optional.of(evicted.getFirst());
            }
        }
        if (reclaim.isEmpty()) {
            return Optional.empty();
        }
        Threshold threshold = reclaim.get();
        try {
            nodeEvents.accept("EvictionThresholdMet", "Attempting to reclaim " + threshold.signal().resource());
        } catch (RuntimeException e) {
            LOG.debug("node event", e);
        }
        if (disk) {
            try {
                diskReclaim.run();
            } catch (RuntimeException e) {
                LOG.warn("node-level disk reclaim failed: {}", e.toString());
            }
            Map<Signal, Observation> after = signals.observe();
            lastObservations = Map.copyOf(after);
            if (met(after).isEmpty()) {
                LOG.info("eviction manager: able to reduce {} pressure without evicting pods", threshold.signal().resource());
                return Optional.empty();
            }
            if (after.containsKey(threshold.signal())) {
                observed = after;
            }
            if (storage == null) {
                return Optional.empty();
            }
        }
        Observation observation = observed.get(threshold.signal());
        LOG.warn("eviction manager: {} {} is below the threshold {}; evicting a pod", threshold.signal().text(), observation.available(),
                threshold.quantity());
        List<Pod> ranked;
        Function<Pod, Eviction> eviction;
        if (threshold.signal() == Signal.MEMORY_AVAILABLE) {
            Function<Pod, Optional<PodUsage>> lookup = MemoryRanking.lookup(podUsage.get());
            ranked = MemoryRanking.rank(active, lookup);
            eviction = pod -> EvictionMessages.memoryEviction(pod, threshold, observation, lookup.apply(pod));
        } else if (threshold.signal() == Signal.PID_AVAILABLE) {
            ranked = DiskRanking.rankByPriority(active);
            eviction = pod -> EvictionMessages.resourceEviction(pod, threshold, observation, null);
        } else {
            Map<String, PodStorage> usage = storageUsage;
            ranked = DiskRanking.rank(active, usage, threshold.signal().resource(), DiskRanking.measured(threshold.signal(),
                    config.dedicatedImageFs()));
            eviction = pod -> EvictionMessages.resourceEviction(pod, threshold, observation, usage.get(pod.getMetadata().getUid()));
        }
        for (Pod pod : ranked) {
            if (critical(pod)) {
                LOG.info("eviction manager: cannot evict critical pod {}/{}", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                continue;
            }
            Eviction e = eviction.apply(pod);
            if (evictor.evict(pod, e)) {
                LOG.info("eviction manager: evicted pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.message());
                return Optional.of(pod);
            }
        }
        LOG.warn("eviction manager: no pod could be evicted to reclaim {}", threshold.signal().resource());
        return Optional.empty();
    }

    /** Upstream's getReclaimableThreshold over byEvictionPriority: memory first, else the first threshold met. */
    private static Optional<Threshold> reclaimable(List<Threshold> met) {
        return met.stream().filter(t -> t.signal() == Signal.MEMORY_AVAILABLE).findFirst().or(() -> met.stream().findFirst());
    }

    /**
     * Upstream's localStorageEviction: every pod over an emptyDir sizeLimit or an ephemeral-storage
     * limit is evicted at once, whatever the node's pressure.
     */
    private List<Pod> localStorageEviction(List<Pod> pods, Map<String, PodStorage> usage) {
        List<Pod> evicted = new ArrayList<>();
        for (Pod pod : pods) {
            PodStorage u = usage.get(pod.getMetadata().getUid());
            if (u == null) {
                continue;
            }
            Optional<Eviction> violation = LocalStorageLimits.violation(pod, u, config.dedicatedImageFs());
            if (violation.isEmpty()) {
                continue;
            }
            if (critical(pod)) {
                LOG.warn("eviction manager: cannot evict critical pod {}/{}: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), violation.get().message());
                continue;
            }
            LOG.info("eviction manager: evicting pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    violation.get().message());
            evictor.evict(pod, violation.get());
            evicted.add(pod); // upstream counts it evicted once asked, whatever the kill's outcome
        }
        return evicted;
    }

    private List<Threshold> met(Map<Signal, Observation> observed) {
        List<Threshold> out = new ArrayList<>();
        for (Threshold t : config.hard()) {
            Observation o = observed.get(t.signal());
            if (o != null && t.met(o)) {
                out.add(t);
            }
        }
        return out;
    }

    private void updateConditions(Instant now) {
        List<String> next = new ArrayList<>();
        for (String c : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            Instant at = lastObserved.get(c);
            if (at != null && now.isBefore(at.plus(config.pressureTransitionPeriod()).plusNanos(1))) {
                next.add(c);
            }
        }
        if (!next.equals(conditions)) {
            LOG.info("eviction manager: node conditions now {}", next);
            conditions = List.copyOf(next);
            try {
                onConditionsChanged.run();
            } catch (RuntimeException e) {
                LOG.debug("condition listener", e);
            }
        }
    }

    /** Upstream's IsCriticalPod: static, mirror, or system-critical priority. */
    static boolean critical(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
        String source = a.get("kubernetes.io/config.source");
        if ((source != null && !source.equals("api")) || a.containsKey("kubernetes.io/config.mirror")) {
            return true;
        }
        return PodRequests.priority(pod) >= PodRequests.SYSTEM_CRITICAL_PRIORITY;
    }

    private static boolean toleratesMemoryPressure(Pod pod) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        for (Toleration t : tolerations) {
            boolean effect = t.getEffect() == null || t.getEffect().isEmpty() || t.getEffect().equals("NoSchedule");
            boolean key = t.getKey() == null || t.getKey().isEmpty()
                    ? "Exists".equals(t.getOperator())
                    : t.getKey().equals("node.kubernetes.io/memory-pressure")
                            && ("Exists".equals(t.getOperator()) || t.getValue() == null || t.getValue().isEmpty());
            if (effect && key) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
