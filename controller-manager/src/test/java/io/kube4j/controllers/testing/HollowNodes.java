package io.kube4j.controllers.testing;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated kubelets against a real apiserver, like kubemark's hollow nodes: each registers a
 * Ready Node (cpu 32, memory 128Gi, pods 110) and renews its Lease in {@code kube-node-lease}
 * every 2 s and its Ready heartbeat every 10 s; every pod bound to one of them becomes Running with
 * Ready and ContainersReady True (unless annotated {@code hollow.kube4j.io/ready: "false"}); a pod
 * annotated {@code hollow.kube4j.io/exit-code: "N"} terminates after {@code hollow.kube4j.io/run-ms}
 * (Succeeded for 0, else Failed with that exit code); pods with a deletionTimestamp are deleted
 * with grace 0, as a kubelet confirms termination. A node whose heartbeats are stopped
 * ({@link #stopHeartbeats}) is dead: no lease, no status, its pods left as they are.
 *
 * <p>Thread-safe. Owns one pod informer, a heartbeat thread and the pod workers (at most 64 writes
 * in flight); {@link #close()} stops them and leaves the Nodes in place.
 */
public final class HollowNodes implements AutoCloseable {

    public static final String READY_ANNOTATION = "hollow.kube4j.io/ready";
    public static final String EXIT_CODE_ANNOTATION = "hollow.kube4j.io/exit-code";
    public static final String RUN_MS_ANNOTATION = "hollow.kube4j.io/run-ms";

    private static final Logger LOG = LoggerFactory.getLogger(HollowNodes.class);
    private static final Duration LEASE_RENEW = Duration.ofSeconds(2);
    private static final Duration STATUS_HEARTBEAT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final List<String> names;
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> handled = new ConcurrentHashMap<>();
    private final Map<String, Integer> nodeIndex = new LinkedHashMap<>();
    private final AtomicInteger nextIp = new AtomicInteger(2);
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(64);
    private final SharedIndexInformer<Pod> pods;
    private final Thread heartbeats;
    private volatile boolean closed;

    private HollowNodes(KubernetesClient client, List<String> names) {
        this.client = client;
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            nodeIndex.put(names.get(i), i);
        }
        names.forEach(this::register);
        this.pods = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                handled.remove(pod.getMetadata().getUid());
            }
        }, 0);
        this.heartbeats = Thread.ofVirtual().name("hollow-heartbeats").start(this::beat);
    }

    /** Registers {@code count} Ready nodes {@code <namePrefix>-0..count-1} and starts running their pods. */
    public static HollowNodes start(KubernetesClient client, int count, String namePrefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(namePrefix + "-" + i);
        }
        return new HollowNodes(client, names);
    }

    public List<String> nodeNames() {
        return names;
    }

    /** Makes {@code node} dead: its lease and status are no longer renewed and its pods no longer handled. */
    public void stopHeartbeats(String node) {
        dead.add(node);
    }

    /** Brings {@code node} back: heartbeats at once, pods handled again. */
    public void resumeHeartbeats(String node) {
        dead.remove(node);
        renewLease(node);
        heartbeatStatus(node);
        client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().forEach(this::consider);
    }

    /** Terminates a running pod as Failed with {@code exitCode} in its containers' terminated state. */
    public void failPod(String namespace, String name, int exitCode) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod != null) {
            writeStatus(pod, exitCode);
        }
    }

    private void register(String name) {
        String now = now();
        Node node = new NodeBuilder()
                .withNewMetadata().withName(name)
                    .addToLabels("kubernetes.io/hostname", name)
                    .addToLabels("kubernetes.io/os", "linux")
                    .addToLabels("kubernetes.io/arch", "amd64")
                    .addToLabels("type", "hollow")
                .endMetadata()
                .build();
        try {
            client.nodes().resource(node).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity("32"), "memory", new Quantity("128Gi"),
                "pods", new Quantity("110"), "ephemeral-storage", new Quantity("100Gi"));
        io.fabric8.kubernetes.api.model.NodeStatus status = new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(conditions(now))
                .addNewAddress().withType("InternalIP").withAddress("10.200.0." + (nodeIndex.get(name) + 1)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.33.0-hollow").withOperatingSystem("linux").withArchitecture("amd64")
                    .withContainerRuntimeVersion("hollow://1.0").withKernelVersion("hollow").withOsImage("hollow")
                    .withMachineID(name).withSystemUUID(name).withBootID(name).withKubeProxyVersion("")
                .endNodeInfo()
                .build();
        // The node IPAM controller may set the pod CIDR between the create and this write: retry on conflict.
        for (int attempt = 1; ; attempt++) {
            Node current = client.nodes().withName(name).get();
            current.setStatus(status);
            try {
                client.nodes().resource(current).updateStatus();
                break;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
        renewLease(name);
    }

    private static List<NodeCondition> conditions(String now) {
        List<NodeCondition> out = new ArrayList<>();
        for (String[] c : new String[][] {
                {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
                {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
                {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
                {"Ready", "True", "KubeletReady", "kubelet is posting ready status"}}) {
            out.add(new NodeConditionBuilder().withType(c[0]).withStatus(c[1]).withReason(c[2]).withMessage(c[3])
                    .withLastHeartbeatTime(now).withLastTransitionTime(now).build());
        }
        return out;
    }

    private void beat() {
        long lastStatus = System.nanoTime();
        while (!closed) {
            try {
                Thread.sleep(LEASE_RENEW);
            } catch (InterruptedException e) {
                return;
            }
            boolean statusDue = System.nanoTime() - lastStatus >= STATUS_HEARTBEAT.toNanos();
            for (String name : names) {
                if (closed || dead.contains(name)) {
                    continue;
                }
                try {
                    renewLease(name);
                    if (statusDue) {
                        heartbeatStatus(name);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("hollow node {} heartbeat failed: {}", name, e.getMessage());
                }
            }
            if (statusDue) {
                lastStatus = System.nanoTime();
            }
        }
    }

    private void renewLease(String name) {
        String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
        var leases = client.leases().inNamespace("kube-node-lease");
        Lease lease = leases.withName(name).get();
        if (lease == null) {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace("kube-node-lease").endMetadata()
                    .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(ZonedDateTime.parse(now)).endSpec()
                    .build()).create();
            return;
        }
        lease.getSpec().setRenewTime(ZonedDateTime.parse(now));
        leases.resource(lease).update();
    }

    /** Rewrites the Ready condition's heartbeat (and Ready=True, in case a controller changed it). */
    private void heartbeatStatus(String name) {
        Node node = client.nodes().withName(name).get();
        if (node == null) {
            return;
        }
        String now = now();
        List<NodeCondition> next = new ArrayList<>();
        Map<String, NodeCondition> fresh = new LinkedHashMap<>();
        conditions(now).forEach(c -> fresh.put(c.getType(), c));
        for (NodeCondition old : node.getStatus().getConditions()) {
            NodeCondition c = fresh.remove(old.getType());
            if (c == null) {
                next.add(old);
                continue;
            }
            if (c.getStatus().equals(old.getStatus())) {
                c.setLastTransitionTime(old.getLastTransitionTime());
            }
            next.add(c);
        }
        next.addAll(fresh.values());
        node.getStatus().setConditions(next);
        client.nodes().resource(node).updateStatus();
    }

    private void consider(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (closed || node == null || !nodeIndex.containsKey(node) || dead.contains(node)) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (handled.put(uid + "/deleted", true) == null) {
                submit(() -> client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withGracePeriod(0).delete());
            }
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (("Pending".equals(phase) || phase == null || phase.isEmpty()) && handled.put(uid, true) == null) {
            Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
            String exit = annotations.get(EXIT_CODE_ANNOTATION);
            long runMs = Long.parseLong(annotations.getOrDefault(RUN_MS_ANNOTATION, "0"));
            submit(() -> {
                if (exit == null || runMs > 0) {
                    writeStatus(pod, null);
                }
                if (exit != null) {
                    Thread.sleep(runMs);
                    Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
                    if (current != null && current.getMetadata().getUid().equals(uid) && current.getMetadata().getDeletionTimestamp() == null
                            && !dead.contains(node)) {
                        writeStatus(current, Integer.parseInt(exit));
                    }
                }
                return null;
            });
        }
    }

    private void submit(java.util.concurrent.Callable<?> task) {
        workers.submit(() -> {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.call();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && !closed) {
                    LOG.debug("hollow pod write failed: {}", e.getMessage());
                }
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("hollow pod write failed", e);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** Writes a running (exitCode null) or terminated status. */
    private void writeStatus(Pod pod, Integer exitCode) {
        String now = now();
        boolean running = exitCode == null;
        Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
        boolean ready = running && !"false".equals(annotations.get(READY_ANNOTATION));
        String readyStatus = ready ? "True" : "False";
        List<PodCondition> conditions = new ArrayList<>();
        conditions.add(condition("PodReadyToStartContainers", running ? "True" : "False", now, null));
        conditions.add(condition("Initialized", "True", now, null));
        conditions.add(condition("Ready", readyStatus, now, running ? null : "PodCompleted"));
        conditions.add(condition("ContainersReady", readyStatus, now, running ? null : "PodCompleted"));
        conditions.add(condition("PodScheduled", "True", now, null));
        List<ContainerStatus> statuses = new ArrayList<>();
        for (var c : pod.getSpec().getContainers()) {
            var b = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withImageID("hollow://" + c.getImage()).withContainerID("hollow://" + pod.getMetadata().getUid() + "-" + c.getName())
                    .withRestartCount(0).withReady(ready).withStarted(running);
            if (running) {
                b.withNewState().withNewRunning().withStartedAt(now).endRunning().endState();
            } else {
                b.withNewState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
                        .withStartedAt(now).withFinishedAt(now).withContainerID("hollow://" + pod.getMetadata().getUid() + "-" + c.getName())
                        .endTerminated().endState();
            }
            statuses.add(b.build());
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", running ? "Running" : exitCode == 0 ? "Succeeded" : "Failed");
        status.put("conditions", conditions);
        status.put("containerStatuses", statuses);
        status.put("hostIP", "10.200.0." + (nodeIndex.get(pod.getSpec().getNodeName()) + 1));
        if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            int n = nextIp.getAndIncrement();
            String ip = "10.244." + (n / 250) + "." + (n % 250 + 2);
            status.put("podIP", ip);
            status.put("podIPs", List.of(Map.of("ip", ip)));
        }
        status.put("startTime", pod.getStatus() != null && pod.getStatus().getStartTime() != null ? pod.getStatus().getStartTime() : now);
        String patch = Serialization.asJson(Map.of("status", status));
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static PodCondition condition(String type, String status, String now, String reason) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now).withReason(reason).build();
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void close() {
        closed = true;
        heartbeats.interrupt();
        try {
            pods.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the pod informer", e);
        }
        workers.shutdownNow();
    }
}
