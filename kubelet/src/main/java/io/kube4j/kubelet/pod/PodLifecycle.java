package io.kube4j.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.kubelet.config.RuntimeConfigs;
import io.kube4j.kubelet.events.KubeletEvents;
import io.kube4j.kubelet.probe.ProbeManager;
import io.kube4j.kubelet.status.StatusManager;
import io.kube4j.kubelet.volume.VolumeManager;
import io.kube4j.runtime.ContainerRuntime;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kube4j.kubelet.eviction.Eviction;
import io.kube4j.kubelet.staticpod.StaticPodChange;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.RuntimeLabels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's pod lifecycle, the entry the kubelet wires: watches the pods bound to its node
 * (field selector spec.nodeName), runs each through a per-pod worker ({@link PodWorkers}) that
 * syncs it with the runtime (sandbox, volumes, init containers, app containers, restarts with
 * CrashLoopBackOff, probes' restarts, termination with grace, the final delete) and reports its
 * status through {@code pods/status}; relists the runtime every second to notice exits, and stops
 * and removes what the runtime holds of pods the node no longer has (after a kubelet restart too).
 *
 * <p>Thread-safe. Owns its informer, workers, relister and the {@link ProbeManager} it builds; the
 * client, runtime, configs, volumes and events stay the caller's. {@link #close()} stops the
 * kubelet's side only: containers keep running, and a new PodLifecycle over the same runtime takes
 * them over without restarting them.
 */
public final class PodLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PodLifecycle.class);
    /** Upstream's annotation on a mirror pod. */
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private final PodWorkers workers;
    private final Relister relister;
    private final ProbeManager probes;
    private final SharedIndexInformer<Pod> informer;
    private final KubernetesClient client;
    private final ContainerRuntime runtime;
    private final KubeletEvents events;
    private final Map<String, Pod> staticPods = new ConcurrentHashMap<>();
    private final Thread housekeeping;
    private volatile boolean closed;

    private PodLifecycle(KubernetesClient client, String nodeName, ContainerRuntime runtime, RuntimeConfigs configs,
            VolumeManager volumes, Function<Consumer<String>, ProbeManager> probeFactory, KubeletEvents events,
            PodLifecycleOptions options) {
        this.client = client;
        this.runtime = runtime;
        this.events = events;
        this.probes = probeFactory.apply(this::podChanged);
        // The informer is made before the syncer needs it for mirror pods; it starts below.
        this.informer = podInformer(client, nodeName);
        PodSyncer syncer = new PodSyncer(runtime, configs, volumes, probes, events, new StatusManager(client), options,
                new ApiPods(client), this::mirrorOf);
        this.workers = new PodWorkers(syncer);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (!isMirror(pod)) {
                    workers.update(pod, false);
                }
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (!isMirror(newPod)) {
                    workers.update(newPod, false);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                if (!isMirror(pod)) {
                    workers.remove(pod);
                }
            }
        });
        informer.start();
        this.relister = new Relister(runtime, options.relistPeriod(), workers::wake);
        this.housekeeping = Thread.ofVirtual().name("kubelet-housekeeping").start(() -> housekeep(options));
    }

    /**
     * The (not yet started) informer on the pods bound to {@code nodeName}. It retries its list and
     * watch after any failure, as upstream's reflector does (with fabric8's back-off): by default a
     * fabric8 informer whose first list fails (e.g. times out on a loaded apiserver) stops for good,
     * and the node would never see the pods bound to it.
     */
    public static SharedIndexInformer<Pod> podInformer(KubernetesClient client, String nodeName) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0)
                .exceptionHandler((started, failure) -> {
                    log.warn("node {}: pod {} failed, retrying: {}", nodeName, started ? "watch" : "list", failure.toString());
                    return true;
                });
    }

    /**
     * Starts the lifecycle of the pods bound to {@code nodeName}.
     *
     * @param probeFactory builds the probe manager with the listener to tell of a pod whose results changed
     */
    public static PodLifecycle start(KubernetesClient client, String nodeName, ContainerRuntime runtime, RuntimeConfigs configs,
            VolumeManager volumes, Function<Consumer<String>, ProbeManager> probeFactory, KubeletEvents events,
            PodLifecycleOptions options) {
        return new PodLifecycle(client, nodeName, runtime, configs, volumes, probeFactory, events, options);
    }

    /** Syncs the pod soon (a probe result changed, or anything else that its status or containers depend on). */
    public void podChanged(String uid) {
        if (!closed && workers != null) {
            workers.wake(uid);
        }
    }

    /**
     * Runs (or updates) a static pod from a manifest: it runs like an API pod, its status goes to
     * its mirror pod (the API pod of the same namespace and name) when there is one, and it is
     * never deleted through the API.
     */
    public void addStaticPod(Pod pod) {
        staticPods.put(pod.getMetadata().getUid(), pod);
        workers.update(pod, true);
    }

    /** Stops and removes a static pod whose manifest is gone. */
    public void removeStaticPod(String uid) {
        Pod pod = staticPods.remove(uid);
        if (pod != null) {
            workers.remove(pod);
        }
    }

    /**
     * Whether the pod is a mirror pod: the API's reflection of a static pod, which runs from its
     * manifest ({@link #addStaticPod}), never from the API.
     */
    public static boolean isMirror(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(MIRROR_ANNOTATION);
    }

    /** A static pod's manifest appeared, changed or went (the static-pod source's listener). */
    public void onStaticPodChange(StaticPodChange change) {
        switch (change) {
            case StaticPodChange.Added added -> addStaticPod(added.pod());
            case StaticPodChange.Removed removed -> removeStaticPod(removed.pod().getMetadata().getUid());
        }
    }

    /** The pods this node runs or must run: its API pods (mirror pods aside) and its static pods. */
    public List<Pod> pods() {
        List<Pod> all = new ArrayList<>();
        for (Pod pod : informer.getStore().list()) {
            if (!isMirror(pod)) {
                all.add(pod);
            }
        }
        all.addAll(staticPods.values());
        return all;
    }

    /** The UIDs of {@link #pods()}: what the container GC must keep. */
    public Set<String> knownPodUids() {
        Set<String> uids = new HashSet<>();
        pods().forEach(p -> uids.add(p.getMetadata().getUid()));
        return uids;
    }

    /** The pods not yet in a terminal phase: what eviction chooses from. */
    public List<Pod> activePods() {
        return pods().stream().filter(p -> {
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            return !"Succeeded".equals(phase) && !"Failed".equals(phase);
        }).toList();
    }

    /**
     * Evicts a pod, as upstream's eviction manager through the pod workers: its status becomes
     * Failed with the eviction's reason and message and, when it says so, a DisruptionTarget condition (a strategic
     * merge patch of {@code pods/status}), an Evicted event is recorded, and its worker, seeing a
     * terminal pod, kills its containers. Waits (bounded by the grace period plus 30 s) until none
     * runs.
     *
     * @return whether the pod's containers stopped in time
     */
    public boolean evict(Pod pod, Eviction eviction) {
        String uid = pod.getMetadata().getUid();
        events.pod(pod, null, "Warning", Eviction.REASON, eviction.message());
        if (!staticPods.containsKey(uid)) {
            String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            var status = new java.util.LinkedHashMap<String, Object>();
            status.put("phase", "Failed");
            status.put("reason", eviction.reason());
            status.put("message", eviction.message());
            if (eviction.disruptionTarget()) {
                status.put("conditions", List.of(Map.of("type", Eviction.DISRUPTION_TARGET, "status", "True",
                        "reason", Eviction.TERMINATION_BY_KUBELET, "message", eviction.message(), "lastTransitionTime", now)));
            }
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                                io.fabric8.kubernetes.client.utils.Serialization.asJson(Map.of("status", status)));
            } catch (KubernetesClientException e) {
                log.warn("evicting pod {}/{}: status update failed: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
                return false;
            }
        } else {
            removeStaticPod(uid);
        }
        podChanged(uid);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(eviction.gracePeriodSeconds() + 30).toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = runtime.listContainers().stream().anyMatch(c -> uid.equals(c.labels().get(RuntimeLabels.POD_UID))
                    && c.state() instanceof ContainerState.Running);
            if (!running) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether the pod watch has delivered its initial list. */
    public boolean synced() {
        return informer.hasSynced();
    }

    private Pod mirrorOf(Pod staticPod) {
        return informer.getIndexer().getByKey(staticPod.getMetadata().getNamespace() + "/" + staticPod.getMetadata().getName());
    }

    /** Stops and removes what the runtime holds of pods neither the API nor a manifest has (upstream's HandlePodCleanups). */
    private void housekeep(PodLifecycleOptions options) {
        long period = Math.max(1_000, options.relistPeriod().toMillis() * 2);
        while (!closed) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (!informer.hasSynced()) {
                continue;
            }
            var known = informer.getStore().list().stream().map(p -> p.getMetadata().getUid()).collect(java.util.stream.Collectors.toSet());
            for (Relister.RuntimePodRef ref : relister.pods().values()) {
                if (known.contains(ref.uid()) || staticPods.containsKey(ref.uid()) || workers.has(ref.uid())) {
                    continue;
                }
                log.info("stopping and removing pod {}/{} ({}): the node no longer has it", ref.namespace(), ref.name(), ref.uid());
                workers.remove(new PodBuilder()
                        .withNewMetadata().withName(ref.name()).withNamespace(ref.namespace()).withUid(ref.uid()).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(ref.graceSeconds()).endSpec()
                        .build());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        informer.close();
        housekeeping.interrupt();
        relister.close();
        workers.close();
        probes.close();
    }
}
