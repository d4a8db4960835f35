package io.kube4j.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.kubelet.config.Fabric8ObjectSource;
import io.kube4j.kubelet.config.PodConfigOptions;
import io.kube4j.kubelet.config.PodRuntimeConfigs;
import io.kube4j.kubelet.credentials.SecretPullCredentials;
import io.kube4j.kubelet.eviction.EvictionManager;
import io.kube4j.kubelet.eviction.HostPodStorage;
import io.kube4j.kubelet.eviction.HostSignals;
import io.kube4j.kubelet.eviction.RuntimePodUsage;
import io.kube4j.kubelet.eviction.Threshold;
import io.kube4j.kubelet.events.ApiKubeletEvents;
import io.kube4j.kubelet.gc.ContainerGc;
import io.kube4j.kubelet.gc.ContainerGcPolicy;
import io.kube4j.kubelet.gc.GarbageCollector;
import io.kube4j.kubelet.gc.ImageGc;
import io.kube4j.kubelet.gc.ImageGcPolicy;
import io.kube4j.kubelet.node.HostAddresses;
import io.kube4j.kubelet.node.MachineInfo;
import io.kube4j.kubelet.node.NodeAgent;
import io.kube4j.kubelet.node.NodeAgentOptions;
import io.kube4j.kubelet.node.NodeEvents;
import io.kube4j.kubelet.node.NodePressure;
import io.kube4j.kubelet.pod.PodLifecycle;
import io.kube4j.kubelet.pod.PodLifecycleOptions;
import io.kube4j.kubelet.probe.ProbeWorkers;
import io.kube4j.kubelet.staticpod.StaticPodAgent;
import io.kube4j.kubelet.volume.Fabric8TokenSource;
import io.kube4j.kubelet.volume.PodVolumeManager;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.RuntimeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: the parts of the kubelet assembled over a container runtime, as upstream's
 * kubelet.Run. In order: the node's pod CIDR (the flag, or the Node's spec.podCIDR once the
 * controller manager has set it), the runtime ({@link NodeRuntimes}), the Node registration with its
 * Lease and status ({@link NodeAgent}), the pod lifecycle with probes, volumes and runtime configs
 * ({@link PodLifecycle}), eviction and garbage collection (real runtimes only), static pods from
 * {@code --pod-manifest-path}, and the kubelet's HTTPS server.
 *
 * <p>Thread-safe. Owns everything it starts, and the runtime; the client stays the caller's.
 * {@link #close()} stops the agent, never the containers: a kubelet started again over the same
 * data dir takes them over.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kubelet.class);
    /** How long a kubelet without --pod-cidr waits for the controller manager to give its Node one. */
    static final Duration POD_CIDR_WAIT = Duration.ofMinutes(5);

    private final KubeletSettings settings;
    private final ContainerRuntime runtime;
    private final NodeAgent node;
    private final PodLifecycle pods;
    private final Deque<AutoCloseable> owned;

    private Kubelet(KubeletSettings settings, ContainerRuntime runtime, NodeAgent node, PodLifecycle pods, Deque<AutoCloseable> owned) {
        this.settings = settings;
        this.runtime = runtime;
        this.node = node;
        this.pods = pods;
        this.owned = owned;
    }

    /**
     * Starts a node agent.
     *
     * @param serving how the kubelet serves the apiserver (logs, exec, attach, port-forward, stats); null: no server
     *     (hollow nodes)
     * @throws IllegalStateException when the node gets no pod CIDR in time or cannot start
     * @throws Exception from the parts' own starts (e.g. the server cannot bind)
     */
    public static Kubelet start(KubernetesClient client, KubeletSettings settings, KubeletServing serving) throws Exception {
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            return start(client, settings, serving, owned);
        } catch (Exception | Error e) {
            closeAll(owned);
            throw e;
        }
    }

    private static Kubelet start(KubernetesClient client, KubeletSettings s, KubeletServing serving, Deque<AutoCloseable> owned)
            throws Exception {
        boolean simulated = KubeletSettings.SIMULATED.equals(s.containerRuntime());
        Files.createDirectories(s.dataDir());
        String nodeIp = s.nodeIp() != null ? s.nodeIp() : HostAddresses.firstNonLoopbackIpv4().orElse("127.0.0.1");
        String podCidr = s.podCidr() != null ? s.podCidr() : awaitPodCidr(client, s.nodeName(), POD_CIDR_WAIT);

        ContainerRuntime runtime = simulated ? NodeRuntimes.simulated(podCidr) : NodeRuntimes.runc(s, podCidr, owned);
        owned.push(runtime);
        RuntimeInfo info = runtime.info();
        if (!info.ready()) {
            log.warn("node {}: the {} runtime cannot run containers: {}", s.nodeName(), info.name(), info.reason());
        }

        ApiKubeletEvents events = new ApiKubeletEvents(client, s.nodeName(), Clock.systemUTC());
        owned.push(events);
        Fabric8ObjectSource objects = new Fabric8ObjectSource(client);
        PodLifecycleOptions lifecycleOptions = PodLifecycleOptions.defaults(s.podLogsDir(), List.of(nodeIp));
        lifecycleOptions = new PodLifecycleOptions(lifecycleOptions.podLogRoot(), lifecycleOptions.nodeIps(), s.syncFrequency(),
                lifecycleOptions.relistPeriod(), lifecycleOptions.crashBackoffInitial(), lifecycleOptions.crashBackoffMax(),
                lifecycleOptions.imageBackoffInitial(), lifecycleOptions.imageBackoffMax(),
                new SecretPullCredentials(objects, events), lifecycleOptions.clock());
        MachineInfo machine = MachineInfo.read(Path.of("/"));
        PodConfigOptions configOptions = new PodConfigOptions(s.clusterDns(), s.clusterDomain(), s.podLogsDir(),
                s.dataDir().resolve("pods"), "/", Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), s.dataDir().resolve("seccomp"),
                s.nodeName(), List.of(nodeIp), Map.of(), Math.max(1, machine.memoryBytes()));
        PodRuntimeConfigs configs = new PodRuntimeConfigs(configOptions, objects, events);
        // A hollow node mounts nothing (as kubemark's fake mounter): a tmpfs per Secret or token volume
        // of every simulated pod would pile up thousands of host mounts that no container ever uses.
        PodVolumeManager volumes = simulated
                ? new PodVolumeManager(s.dataDir().resolve("pods"), objects, new Fabric8TokenSource(client), s.nodeName(), Map.of(),
                        false, Clock.systemUTC())
                : new PodVolumeManager(s.dataDir().resolve("pods"), objects, new Fabric8TokenSource(client), s.nodeName(), Map.of());
        PodLifecycle lifecycle = PodLifecycle.start(client, s.nodeName(), runtime, configs, volumes,
                listener -> simulated ? ProbeWorkers.forSimulatedNode(runtime, events, listener) : new ProbeWorkers(runtime, events, listener),
                events, lifecycleOptions);
        owned.push(lifecycle);

        AtomicReference<NodeAgent> agent = new AtomicReference<>();
        EvictionManager eviction = null;
        if (!simulated) {
            ContainerGc containerGc = new ContainerGc(runtime, ContainerGcPolicy.DEFAULT, lifecycle::knownPodUids, lifecycle::synced,
                    s.podLogsDir(), InstantSource.system());
            ImageGc imageGc = new ImageGc(runtime, new ImageGcPolicy(s.imageGcHighThresholdPercent(), s.imageGcLowThresholdPercent(),
                    ImageGcPolicy.DEFAULT.minAge()), InstantSource.system());
            NodeEvents nodeEvents = new NodeEvents(client, s.nodeName());
            eviction = new EvictionManager(new EvictionManager.Config(Threshold.fromMap(s.evictionHard()), Duration.ofMinutes(5),
                    Duration.ofSeconds(10), HostPodStorage.separateFileSystems(s.dataDir(),
                            s.dataDir().resolve(io.kube4j.runtime.image.ImageStore.DIRECTORY_IN_DATA_DIR))), new HostSignals(Path.of("/"), s.dataDir(), runtime.images()),
                    () -> RuntimePodUsage.collect(runtime), new HostPodStorage(runtime, s.dataDir().resolve("pods"), s.podLogsDir()),
                    lifecycle::activePods, lifecycle::evict,
                    () -> {
                        containerGc.collect();
                        imageGc.deleteUnusedImages();
                    },
                    () -> {
                        NodeAgent a = agent.get();
                        if (a != null) {
                            a.syncNow();
                        }
                    }, InstantSource.system())
                    .withNodeEvents((reason, message) -> nodeEvents.record("Warning", reason, message)).start();
            owned.push(eviction);
            owned.push(GarbageCollector.start(containerGc, imageGc, (reason, message) -> nodeEvents.record("Warning", reason, message)));
        }
        EvictionManager pressureSource = eviction;
        NodeAgentOptions nodeOptions = nodeOptions(s, nodeIp, podCidr, serving);
        NodeAgent nodeAgent = NodeAgent.start(client, nodeOptions, runtime,
                () -> pressureSource == null ? NodePressure.NONE : pressureSource.pressure(), List::of);
        agent.set(nodeAgent);
        owned.push(nodeAgent);

        if (s.podManifestPath() != null) {
            owned.push(StaticPodAgent.start(client, s.podManifestPath(), s.nodeName(), lifecycle::onStaticPodChange));
        }
        if (serving != null) {
            owned.push(serving.start(s, runtime, lifecycle::pods));
        }
        log.info("node {} started: {} runtime {}, pod CIDR {}, node IP {}, data in {}", s.nodeName(), info.name(), info.version(),
                podCidr, nodeIp, s.dataDir());
        return new Kubelet(s, runtime, nodeAgent, lifecycle, owned);
    }

    /** The node agent's options from the kubelet's settings. */
    static NodeAgentOptions nodeOptions(KubeletSettings s, String nodeIp, String podCidr, KubeletServing serving) {
        NodeAgentOptions d = NodeAgentOptions.defaults(s.nodeName(), s.dataDir());
        List<Taint> taints = s.taints().stream().map(Kubelet::taint).toList();
        return new NodeAgentOptions(s.nodeName(), nodeIp, HostAddresses.hostname(), s.nodeLabels(), taints, podCidr,
                serving == null ? KubeletServing.DEFAULT_PORT : s.port(), s.capacityOverrides(), s.systemReserved(), s.kubeReserved(), s.evictionHard(),
                s.maxPods(), d.leaseDuration(), s.nodeStatusUpdateFrequency(), d.statusReportFrequency(), s.dataDir(), d.hostRoot(),
                d.kubeletVersion(), d.maxImagesInNodeStatus());
    }

    /** {@code key[=value]:Effect}, as --register-with-taints takes it. */
    static Taint taint(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("taint \"" + text + "\" is not key[=value]:Effect");
        }
        String effect = text.substring(colon + 1);
        if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
            throw new IllegalArgumentException("taint \"" + text + "\": effect must be NoSchedule, PreferNoSchedule or NoExecute");
        }
        String keyValue = text.substring(0, colon);
        int eq = keyValue.indexOf('=');
        return new Taint(effect, eq < 0 ? keyValue : keyValue.substring(0, eq), null, eq < 0 ? null : keyValue.substring(eq + 1));
    }

    /**
     * The pod CIDR the controller manager gives the Node (creating a bare Node first so that it can;
     * the node agent then completes it), as upstream's kubelet reads it from its Node.
     */
    static String awaitPodCidr(KubernetesClient client, String nodeName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = 0;
        while (true) {
            Node existing;
            try {
                existing = client.nodes().withName(nodeName).get();
                if (existing == null) {
                    client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName)
                            .addToLabels("kubernetes.io/hostname", nodeName).endMetadata().build()).create();
                } else if (existing.getSpec() != null && existing.getSpec().getPodCIDR() != null
                        && !existing.getSpec().getPodCIDR().isEmpty()) {
                    return existing.getSpec().getPodCIDR();
                }
            } catch (KubernetesClientException e) {
                log.debug("node {}: reading its pod CIDR: {}", nodeName, e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + nodeName + " got no pod CIDR within " + timeout.toSeconds()
                        + " s: give the kubelet --pod-cidr, or run the controller manager with --allocate-node-cidrs and --cluster-cidr");
            }
            if (System.nanoTime() > nextLog) {
                log.info("node {}: waiting for the controller manager to give it a pod CIDR", nodeName);
                nextLog = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            }
            Thread.sleep(500);
        }
    }

    public KubeletSettings settings() {
        return settings;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    /** Whether the Node is registered (waiting at most {@code timeout}). */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return node.awaitRegistered(timeout);
    }

    /** The pods this node runs. */
    public List<io.fabric8.kubernetes.api.model.Pod> pods() {
        return pods.pods();
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(Deque<AutoCloseable> owned) {
        while (!owned.isEmpty()) {
            AutoCloseable part = owned.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("closing {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
