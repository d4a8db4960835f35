package io.kube4j.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.kubelet.gc.FakeRuntime;
import io.kube4j.kubelet.staticpod.StaticPodAgent;
import io.kube4j.kubelet.staticpod.StaticPodAnnotations;
import io.kube4j.kubelet.staticpod.StaticPodChange;
import io.kube4j.runtime.RuntimeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node agent and static pods against the real apiserver (in-memory store), with an in-memory runtime. */
class NodeAgentIT {

    private static TestApiServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestApiServer.start();
        client = server.fabric8();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static NodeAgentOptions options(String name, Path root) {
        return NodeAgentOptions.defaults(name, root)
                .withNodeIp("10.1.2.3")
                .withKubeletPort(10250)
                .withLabelsAndTaints(Map.of("tier", "test"),
                        List.of(new TaintBuilder().withKey("dedicated").withValue("it").withEffect("NoSchedule").build()))
                .withTiming(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    @Test
    void theNodeRegistersBecomesReadyOnlyWhenItCanRunPodsAndRenewsItsLease(@TempDir Path root) throws Exception {
        FakeRuntime runtime = new FakeRuntime();
        runtime.info = new RuntimeInfo("runc", "1.1.5", false, "runc not found on PATH");
        runtime.addImage(FakeRuntime.image("sha256:" + "a".repeat(64), "docker.io/library/busybox:latest", 2_000_000));
        String name = "it-node-" + Long.toHexString(System.nanoTime());
        try (NodeAgent agent = NodeAgent.start(client, options(name, root), runtime, () -> NodePressure.NONE, List::of)) {
            assertThat(agent.awaitRegistered(Duration.ofSeconds(20))).isTrue();
            Node node = await(() -> client.nodes().withName(name).get(), n -> n != null && ready(n) != null);
            assertThat(ready(node).getStatus()).isEqualTo("False");
            assertThat(ready(node).getReason()).isEqualTo("KubeletNotReady");
            assertThat(ready(node).getMessage()).contains("container runtime not ready").contains("runc not found on PATH");

            assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", name).containsEntry("tier", "test")
                    .containsEntry("kubernetes.io/os", "linux");
            assertThat(node.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactly("dedicated");
            MachineInfo machine = MachineInfo.read(Path.of("/"));
            var capacity = node.getStatus().getCapacity();
            assertThat(capacity.get("cpu").toString()).isEqualTo(Integer.toString(machine.cpus()));
            assertThat(Quantities.value(capacity.get("memory"))).isEqualTo(machine.memoryBytes());
            assertThat(capacity.get("pods").toString()).isEqualTo("110");
            assertThat(Quantities.value(capacity.get("ephemeral-storage"))).isEqualTo(Files.getFileStore(root).getTotalSpace());
            assertThat(Quantities.value(node.getStatus().getAllocatable().get("memory"))).isEqualTo(machine.memoryBytes() - 100 * 1024 * 1024);
            assertThat(node.getStatus().getAddresses()).extracting(a -> a.getType() + "=" + a.getAddress())
                    .containsExactly("InternalIP=10.1.2.3", "Hostname=" + name);
            assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(10250);
            var info = node.getStatus().getNodeInfo();
            assertThat(info.getKubeletVersion()).isEqualTo("v1.33.0-kube4j");
            assertThat(info.getContainerRuntimeVersion()).isEqualTo("runc://1.1.5");
            assertThat(info.getOperatingSystem()).isEqualTo("linux");
            assertThat(info.getBootID()).isEqualTo(machine.bootId());
            assertThat(info.getMachineID()).isEqualTo(machine.machineId());
            assertThat(node.getStatus().getImages()).singleElement()
                    .satisfies(i -> assertThat(i.getNames()).contains("docker.io/library/busybox:latest"));
            assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType)
                    .containsExactly("MemoryPressure", "DiskPressure", "PIDPressure", "Ready");

            // the runtime comes up: Ready within the fast status period
            long start = System.nanoTime();
            runtime.info = new RuntimeInfo("runc", "1.1.5", true, "");
            Node readyNode = await(() -> client.nodes().withName(name).get(), n -> "True".equals(ready(n).getStatus()));
            long readyMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(readyMs).as("became Ready in %d ms", readyMs).isLessThan(5_000);
            System.out.printf("[measure] runtime ready -> node Ready in the API: %d ms%n", readyMs);
            assertThat(ready(readyNode).getReason()).isEqualTo("KubeletReady");
            assertThat(ready(readyNode).getMessage()).isEqualTo("kubelet is posting ready status");

            Lease lease = await(() -> client.leases().inNamespace("kube-node-lease").withName(name).get(),
                    l -> l != null && l.getMetadata().getOwnerReferences() != null && !l.getMetadata().getOwnerReferences().isEmpty());
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(name);
            assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(4);
            assertThat(lease.getMetadata().getOwnerReferences().getFirst().getUid()).isEqualTo(readyNode.getMetadata().getUid());
            assertThat(lease.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("Node");
            ZonedDateTime first = lease.getSpec().getRenewTime();
            Lease renewed = await(() -> client.leases().inNamespace("kube-node-lease").withName(name).get(),
                    l -> l.getSpec().getRenewTime().isAfter(first));
            assertThat(renewed.getSpec().getRenewTime()).isAfter(first);

            // the node's events, as upstream records them
            var events = await(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName())).toList(),
                    l -> l.stream().anyMatch(e -> "NodeReady".equals(e.getReason())));
            assertThat(events).extracting(e -> e.getReason()).contains("Starting", "NodeHasSufficientMemory", "NodeReady");
            assertThat(events).filteredOn(e -> "NodeReady".equals(e.getReason())).first().satisfies(e -> {
                assertThat(e.getMessage()).isEqualTo("Node " + name + " status is now: NodeReady");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
                assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
            });

            // the runtime stops answering: NotReady with upstream's message
            runtime.down = true;
            Node down = await(() -> client.nodes().withName(name).get(), n -> "False".equals(ready(n).getStatus()));
            assertThat(ready(down).getMessage()).isEqualTo("container runtime is down");
        }
    }

    @Test
    void anExistingNodeIsAdoptedAndPressureShowsInItsConditions(@TempDir Path root) throws Exception {
        String name = "it-adopt-" + Long.toHexString(System.nanoTime());
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/os", "plan9")
                .addToLabels("keep", "me").endMetadata().build()).create();
        FakeRuntime runtime = new FakeRuntime();
        var pressure = new java.util.concurrent.atomic.AtomicReference<>(NodePressure.NONE);
        try (NodeAgent agent = NodeAgent.start(client, options(name, root), runtime, pressure::get, List::of)) {
            Node node = await(() -> client.nodes().withName(name).get(), n -> ready(n) != null && "True".equals(ready(n).getStatus()));
            assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/os", "linux").containsEntry("keep", "me")
                    .containsEntry("tier", "test");
            pressure.set(new NodePressure(true, false, false));
            agent.syncNow();
            Node pressed = await(() -> client.nodes().withName(name).get(), n -> "True".equals(condition(n, "MemoryPressure").getStatus()));
            assertThat(condition(pressed, "MemoryPressure").getReason()).isEqualTo("KubeletHasInsufficientMemory");
            assertThat(condition(pressed, "DiskPressure").getStatus()).isEqualTo("False");
        }
    }

    @Test
    void mirrorPodsFollowTheManifests(@TempDir Path root, @TempDir Path manifests) throws Exception {
        String name = "it-static-" + Long.toHexString(System.nanoTime());
        FakeRuntime runtime = new FakeRuntime();
        List<StaticPodChange> changes = new CopyOnWriteArrayList<>();
        Files.writeString(manifests.resolve("web.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: busybox:1.36
                """);
        try (NodeAgent agent = NodeAgent.start(client, options(name, root), runtime, () -> NodePressure.NONE, List::of);
                StaticPodAgent statics = StaticPodAgent.start(client, manifests, name, Duration.ofSeconds(20), Duration.ofSeconds(1), changes::add)) {
            assertThat(changes).singleElement().isInstanceOf(StaticPodChange.Added.class);
            Pod staticPod = changes.getFirst().pod();
            String podName = "web-" + name;
            var pods = client.pods().inNamespace("default");

            Pod mirror = await(() -> pods.withName(podName).get(), p -> p != null);
            assertThat(mirror.getMetadata().getAnnotations())
                    .containsEntry(StaticPodAnnotations.CONFIG_MIRROR, staticPod.getMetadata().getUid())
                    .containsEntry(StaticPodAnnotations.CONFIG_SOURCE, "file")
                    .containsKey(StaticPodAnnotations.CONFIG_SEEN);
            assertThat(mirror.getSpec().getNodeName()).isEqualTo(name);
            assertThat(mirror.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Node");
                assertThat(o.getName()).isEqualTo(name);
                assertThat(o.getController()).isTrue();
            });
            await(() -> statics.mirrorOf(staticPod), java.util.Optional::isPresent);

            // a deleted mirror pod comes back
            String firstUid = mirror.getMetadata().getUid();
            long deletedAt = System.nanoTime();
            pods.withName(podName).withGracePeriod(0).delete();
            Pod recreated = await(() -> pods.withName(podName).get(), p -> p != null && !p.getMetadata().getUid().equals(firstUid));
            System.out.printf("[measure] deleted mirror pod back in: %d ms%n", (System.nanoTime() - deletedAt) / 1_000_000);
            assertThat(recreated.getMetadata().getAnnotations()).containsEntry(StaticPodAnnotations.CONFIG_MIRROR, staticPod.getMetadata().getUid());

            // an edited manifest replaces the mirror
            Files.writeString(manifests.resolve("web.yaml"), Files.readString(manifests.resolve("web.yaml")).replace("busybox:1.36", "busybox:1.37"));
            Pod replaced = await(() -> pods.withName(podName).get(),
                    p -> p != null && p.getSpec().getContainers().getFirst().getImage().equals("busybox:1.37"));
            assertThat(replaced.getMetadata().getAnnotations().get(StaticPodAnnotations.CONFIG_MIRROR))
                    .isNotEqualTo(staticPod.getMetadata().getUid())
                    .isEqualTo(statics.pods().getFirst().getMetadata().getUid());
            assertThat(changes).hasSize(3);

            // a removed manifest deletes the mirror
            long removedAt = System.nanoTime();
            Files.delete(manifests.resolve("web.yaml"));
            await(() -> pods.withName(podName).get() == null, b -> b);
            System.out.printf("[measure] manifest removed -> mirror pod gone: %d ms%n", (System.nanoTime() - removedAt) / 1_000_000);
            assertThat(changes.getLast()).isInstanceOf(StaticPodChange.Removed.class);
        }
    }

    private static NodeCondition ready(Node n) {
        return condition(n, "Ready");
    }

    private static NodeCondition condition(Node n, String type) {
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** Polls {@code get} every 100 ms until {@code done} holds (at most 20 s). */
    static <T> T await(Supplier<T> get, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = get.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not reached in 20 s; last seen: " + last);
    }
}
