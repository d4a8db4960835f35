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
import java.util.Map;
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
    private final Map<String, Pod> staticPods = new ConcurrentHashMap<>();
    private final Thread housekeeping;
    private volatile boolean closed;

    private PodLifecycle(KubernetesClient client, String nodeName, ContainerRuntime runtime, RuntimeConfigs configs,
            VolumeManager volumes, Function<Consumer<String>, ProbeManager> probeFactory, KubeletEvents events,
            PodLifecycleOptions options) {
        this.probes = probeFactory.apply(this::podChanged);
        // The informer is made before the syncer needs it for mirror pods; it starts below.
        this.informer = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0);
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
