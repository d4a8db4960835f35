package io.kube4j.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kube4j.runtime.ContainerRuntime;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's node agent (upstream's kubelet_node_status.go and node lease controller): registers
 * the Node, or adopts an existing one; computes its status every status-update period (capacity and
 * allocatable from the host, addresses, node info, images, the pressure conditions and Ready) and
 * writes it when it changed or when the report period has passed; keeps the Lease renewed.
 *
 * <p>Ready is True only once the runtime says it can run containers, the readiness checks the
 * caller supplies (e.g. the pod network) have no error and the capacity is complete. Until the
 * first Ready status is written the status is recomputed every 500 ms, so that a node becomes
 * schedulable as soon as it can run pods (upstream's fast status update at start).
 *
 * <p>Thread-safe. Owns two virtual threads (status and lease) and a {@link NodeEvents}; the client
 * and the runtime belong to the caller. {@link #close()} stops the threads and leaves the Node and
 * Lease in the API.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final int STATUS_UPDATE_RETRIES = 5;
    private static final Duration FAST_UPDATE = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final NodeAgentOptions options;
    private final ContainerRuntime runtime;
    private final Supplier<NodePressure> pressure;
    private final Supplier<List<String>> readinessErrors;
    private final InstantSource clock;
    private final String nodeIp;
    private final NodeEvents events;
    private final CountDownLatch registered = new CountDownLatch(1);
    private final Semaphore wake = new Semaphore(0);
    private final Thread statusThread;
    private volatile NodeLease lease;
    private volatile Node lastNode;
    private volatile boolean readyPosted;
    private volatile boolean needsRegistration = true;
    private volatile boolean closed;
    private Instant lastReport = Instant.EPOCH;

    private NodeAgent(KubernetesClient client, NodeAgentOptions options, ContainerRuntime runtime, Supplier<NodePressure> pressure,
            Supplier<List<String>> readinessErrors, InstantSource clock) {
        this.client = client;
        this.options = options;
        this.runtime = runtime;
        this.pressure = pressure;
        this.readinessErrors = readinessErrors;
        this.clock = clock;
        this.nodeIp = options.nodeIp() != null ? options.nodeIp() : HostAddresses.firstNonLoopbackIpv4().orElse(null);
        this.events = new NodeEvents(client, options.nodeName());
        this.statusThread = Thread.ofVirtual().name("node-status-" + options.nodeName()).unstarted(this::run);
    }

    /**
     * Starts registering and reporting.
     *
     * @param pressure the eviction manager's current pressure ({@code () -> NodePressure.NONE} without one)
     * @param readinessErrors why the node cannot run pods besides the runtime, e.g. "network not ready: ..." (empty when fine)
     */
    public static NodeAgent start(KubernetesClient client, NodeAgentOptions options, ContainerRuntime runtime,
            Supplier<NodePressure> pressure, Supplier<List<String>> readinessErrors) {
        return start(client, options, runtime, pressure, readinessErrors, InstantSource.system());
    }

    /** As {@link #start(KubernetesClient, NodeAgentOptions, ContainerRuntime, Supplier, Supplier)} with a clock. */
    public static NodeAgent start(KubernetesClient client, NodeAgentOptions options, ContainerRuntime runtime,
            Supplier<NodePressure> pressure, Supplier<List<String>> readinessErrors, InstantSource clock) {
        NodeAgent agent = new NodeAgent(client, options, runtime, pressure, readinessErrors, clock);
        agent.lease = NodeLease.start(client, options.nodeName(), options.leaseDuration(), agent::nodeUid, clock);
        agent.statusThread.start();
        return agent;
    }

    public String nodeName() {
        return options.nodeName();
    }

    /** The InternalIP the node reports (the pods' hostIP); null if the host has no IPv4 address. */
    public String nodeIp() {
        return nodeIp;
    }

    /** Waits until the Node exists in the API; false on timeout. */
    public boolean awaitRegistered(Duration timeout) throws InterruptedException {
        return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The Node as last read or written; empty before registration. */
    public Optional<Node> node() {
        return Optional.ofNullable(lastNode);
    }

    /** The Node's uid; null before registration. */
    public String nodeUid() {
        Node n = lastNode;
        return n == null ? null : n.getMetadata().getUid();
    }

    /** The Node's podCIDR (set by --pod-cidr or the controller manager); empty while it has none. */
    public Optional<String> podCidr() {
        Node n = lastNode;
        return n == null || n.getSpec() == null ? Optional.empty() : Optional.ofNullable(n.getSpec().getPodCIDR()).filter(s -> !s.isEmpty());
    }

    /** Recomputes the status now instead of at the next period (e.g. when pressure or readiness changed). */
    public void syncNow() {
        wake.release();
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        boolean started = false;
        while (!closed) {
            Duration sleep;
            try {
                if (needsRegistration) {
                    register();
                    backoff = Duration.ofMillis(100);
                    if (!started) {
                        events.record("Normal", "Starting", "Starting kubelet.");
                        started = true;
                    }
                }
                updateStatus();
                sleep = readyPosted ? options.statusUpdateFrequency() : FAST_UPDATE;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("node {}: {} failed, retrying in {} ms: {}", options.nodeName(),
                        needsRegistration ? "registration" : "status update", backoff.toMillis(), e.toString());
                sleep = backoff;
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(7)) > 0 ? Duration.ofSeconds(7) : backoff.multipliedBy(2);
            }
            try {
                if (wake.tryAcquire(sleep.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Creates the Node with its first status, or adopts the existing one. */
    private void register() {
        Node initial = NodeRegistration.initialNode(options);
        Inputs inputs = inputs();
        NodeStatusSetter.apply(initial, inputs.status());
        NodeConditions.Result conditions = NodeConditions.update(List.of(), clock.instant(), inputs.pressure(), inputs.readyErrors());
        initial.getStatus().setConditions(new ArrayList<>(conditions.conditions()));
        try {
            lastNode = client.nodes().resource(initial).create();
            LOG.info("node {} registered", options.nodeName());
            lastReport = clock.instant();
            readyPosted = inputs.readyErrors().isEmpty();
            // upstream's setters record the first pressure conditions while building the initial node
            conditions.transitions().forEach(t -> events.statusEvent("Normal", t.eventReason()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            Node existing = client.nodes().withName(options.nodeName()).get();
            if (existing == null) {
                throw new IllegalStateException("node " + options.nodeName() + " exists and then does not");
            }
            LOG.info("node {} was registered before; adopting it", options.nodeName());
            if (NodeRegistration.reconcile(initial, existing)) {
                existing = client.nodes().resource(existing).update();
            }
            lastNode = existing;
        }
        needsRegistration = false;
        registered.countDown();
    }

    /** Computes the status and writes it when it changed or the report period has passed (retrying conflicts). */
    void updateStatus() {
        for (int attempt = 0; attempt < STATUS_UPDATE_RETRIES; attempt++) {
            Node node = client.nodes().withName(options.nodeName()).get();
            if (node == null) {
                // beyond upstream, which only re-registers on restart: a deleted Node is made again
                LOG.warn("node {} is gone from the API; registering it again", options.nodeName());
                needsRegistration = true;
                register();
                return;
            }
            lastNode = node;
            NodeStatus before = node.getStatus() == null ? new NodeStatus() : Serialization.clone(node.getStatus());
            Inputs inputs = inputs();
            String oldBootId = before.getNodeInfo() == null ? null : before.getNodeInfo().getBootID();
            NodeStatusSetter.apply(node, inputs.status());
            List<io.fabric8.kubernetes.api.model.NodeCondition> existing =
                    before.getConditions() == null ? List.of() : before.getConditions();
            Instant now = clock.instant();
            NodeConditions.Result result = NodeConditions.update(existing, now, inputs.pressure(), inputs.readyErrors());
            node.getStatus().setConditions(new ArrayList<>(result.conditions()));
            boolean reportDue = !now.isBefore(lastReport.plus(options.statusReportFrequency()));
            if (!reportDue && !statusChanged(before, node.getStatus())) {
                return;
            }
            try {
                lastNode = client.nodes().resource(node).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    continue;
                }
                throw e;
            }
            lastReport = now;
            readyPosted = inputs.readyErrors().isEmpty();
            if (oldBootId != null && !oldBootId.isEmpty() && !oldBootId.equals(inputs.status().machine().bootId())) {
                events.record("Warning", "Rebooted",
                        "Node " + options.nodeName() + " has been rebooted, boot id: " + inputs.status().machine().bootId());
            }
            for (NodeConditions.Transition t : result.transitions()) {
                events.statusEvent("Normal", t.eventReason());
            }
            return;
        }
        throw new IllegalStateException("node status update conflicted " + STATUS_UPDATE_RETRIES + " times");
    }

    /** Whether anything but heartbeat times differs (upstream's nodeStatusHasChanged). */
    static boolean statusChanged(NodeStatus before, NodeStatus after) {
        NodeStatus a = Serialization.clone(before);
        NodeStatus b = Serialization.clone(after);
        List<io.fabric8.kubernetes.api.model.NodeCondition> ca = a.getConditions() == null ? List.of() : a.getConditions();
        List<io.fabric8.kubernetes.api.model.NodeCondition> cb = b.getConditions() == null ? List.of() : b.getConditions();
        if (NodeConditions.changed(ca, cb)) {
            return true;
        }
        a.setConditions(null);
        b.setConditions(null);
        return !Serialization.asJson(a).equals(Serialization.asJson(b));
    }

    private record Inputs(NodeStatusSetter.Inputs status, NodePressure pressure, List<String> readyErrors) {}

    private Inputs inputs() {
        MachineInfo machine = MachineInfo.read(options.hostRoot());
        NodeResources resources = NodeResources.compute(machine, ephemeralStorage(), options.maxPods(), options.capacityOverrides(),
                options.systemReserved(), options.kubeReserved(), options.evictionHard());
        List<String> errors = new ArrayList<>();
        RuntimeInfo info = null;
        try {
            info = runtime.info();
            if (!info.ready()) {
                errors.add("container runtime not ready: RuntimeReady=false reason:RuntimeNotReady message:" + info.reason());
            }
        } catch (RuntimeException e) {
            LOG.debug("runtime status", e);
            errors.add("container runtime is down");
        }
        try {
            errors.addAll(readinessErrors.get());
        } catch (RuntimeException e) {
            errors.add("readiness check failed: " + e.getMessage());
        }
        List<String> missing = new ArrayList<>();
        for (String r : List.of("cpu", "memory", "pods", "ephemeral-storage")) {
            var q = resources.capacity().get(r);
            if (q == null || Quantities.value(q) == 0) {
                missing.add(r);
            }
        }
        if (!missing.isEmpty()) {
            errors.add("Missing node capacity for resources: " + String.join(", ", missing));
        }
        List<ImageStatus> images;
        try {
            images = runtime.images().list();
        } catch (RuntimeException e) {
            LOG.debug("image list", e);
            images = List.of();
        }
        NodePressure p;
        try {
            p = pressure.get();
        } catch (RuntimeException e) {
            p = NodePressure.NONE;
        }
        return new Inputs(new NodeStatusSetter.Inputs(machine, resources, nodeIp, options.hostname(), options.kubeletPort(), info, images,
                options.kubeletVersion(), options.maxImagesInNodeStatus()), p, errors);
    }

    /** The capacity of the filesystem holding the kubelet's root directory (or its nearest existing parent). */
    private long ephemeralStorage() {
        Path dir = options.rootDir().toAbsolutePath();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        try {
            return dir == null ? 0 : Files.getFileStore(dir).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        statusThread.interrupt();
        try {
            statusThread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NodeLease l = lease;
        if (l != null) {
            l.close();
        }
        events.close();
    }
}
