package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.kubelet.events.ApiKubeletEvents;
import io.kube4j.kubelet.eviction.EvictionManager;
import io.kube4j.kubelet.eviction.HostPodStorage;
import io.kube4j.kubelet.eviction.Observation;
import io.kube4j.kubelet.eviction.Signal;
import io.kube4j.runtime.RuntimeLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ephemeral-storage eviction end to end with the real apiserver: the eviction manager measures
 * the pods' emptyDirs, writable layers (the {@link FakeRuntime}'s directories) and logs on disk
 * and the pod lifecycle evicts through pods/status.
 */
class LocalStorageEvictionIT {

    private static final String NODE = "node-disk";
    private static final Duration WAIT = Duration.ofSeconds(40); // generous: the suite shares two cores with other builds
    private static final long GI = 1024L * 1024 * 1024;

    private static TestApiServer api;
    private static KubernetesClient client;

    private FakeRuntime runtime;
    private ApiKubeletEvents events;
    private PodLifecycle lifecycle;
    private EvictionManager eviction;
    private Path root;
    private final Map<Signal, Observation> observed = new EnumMap<>(Signal.class);
    private final AtomicInteger reclaims = new AtomicInteger();

    @BeforeAll
    static void startApi() throws Exception {
        api = TestApiServer.start();
        client = api.fabric8();
    }

    @AfterAll
    static void stopApi() throws Exception {
        client.close();
        api.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("kube4j-disk-");
        runtime = new FakeRuntime();
        runtime.layerRoot = root.resolve("layers");
        runtime.presentImages.add("busybox:1.36");
        events = new ApiKubeletEvents(client, NODE, Clock.systemUTC());
        PodLifecycleOptions options = new PodLifecycleOptions(root.resolve("logs"), List.of("192.168.52.1"), Duration.ofMinutes(1),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(4),
                io.kube4j.kubelet.credentials.PullCredentials.ANONYMOUS, InstantSource.system());
        lifecycle = PodLifecycle.start(client, NODE, runtime, new Fakes.Configs(), new Fakes.Volumes(), Fakes.Probes::new, events, options);
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(8 * GI, 16 * GI));
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(50 * GI, 100 * GI));
        eviction = new EvictionManager(EvictionManager.Config.DEFAULT, () -> Map.copyOf(observed), Map::of,
                new HostPodStorage(runtime, root.resolve("pods"), root.resolve("logs")), lifecycle::activePods, lifecycle::evict,
                reclaims::incrementAndGet, () -> {}, InstantSource.system());
    }

    @AfterEach
    void tearDown() throws Exception {
        eviction.close();
        lifecycle.close();
        events.close();
        client.pods().inNamespace("default").withGracePeriod(0).delete();
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Pod create(String sizeLimit, String containerLimit) {
        var app = new ContainerBuilder().withName("app").withImage("busybox:1.36").withImagePullPolicy("IfNotPresent").build();
        if (containerLimit != null) {
            app.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .addToLimits("ephemeral-storage", new Quantity(containerLimit)).build());
        }
        Pod pod = new PodBuilder().withNewMetadata().withName("d-" + UUID.randomUUID().toString().substring(0, 6)).withNamespace("default")
                .endMetadata().withNewSpec().withNodeName(NODE).withContainers(app)
                .addNewVolume().withName("cache").withNewEmptyDir().withSizeLimit(sizeLimit == null ? null : new Quantity(sizeLimit))
                .endEmptyDir().endVolume().endSpec().build();
        return client.pods().inNamespace("default").resource(pod).create();
    }

    private static Pod get(Pod pod) {
        return client.pods().inNamespace("default").withName(pod.getMetadata().getName()).get();
    }

    private static boolean running(Pod pod) {
        Pod p = get(pod);
        return p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                && p.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState().getRunning() != null);
    }

    private void write(Path file, int bytes) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
    }

    private Path emptyDir(Pod pod) {
        return root.resolve("pods").resolve(pod.getMetadata().getUid()).resolve("volumes/kubernetes.io~empty-dir/cache");
    }

    private String containerId(Pod pod) {
        return runtime.listContainers().stream().filter(c -> pod.getMetadata().getUid().equals(c.labels().get(RuntimeLabels.POD_UID)))
                .max(java.util.Comparator.comparing(c -> c.state().createdAt())).orElseThrow().id();
    }

    private static void assertEvicted(Pod pod, String message) {
        await().atMost(WAIT).until(() -> "Failed".equals(get(pod).getStatus().getPhase()));
        Pod p = get(pod);
        assertThat(p.getStatus().getReason()).isEqualTo("Evicted");
        assertThat(p.getStatus().getMessage()).isEqualTo(message);
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
                .map(Event::getReason).anyMatch("Evicted"::equals));
    }

    @Test
    void anEmptyDirWrittenPastItsSizeLimitIsEvicted() throws Exception {
        Pod pod = create("1Mi", null);
        Pod calm = create(null, null);
        await().atMost(WAIT).until(() -> running(pod) && running(calm));
        write(emptyDir(pod).resolve("half"), 512 * 1024);
        write(emptyDir(calm).resolve("big"), 4 * 1024 * 1024);
        assertThat(eviction.synchronize()).isEmpty();
        write(emptyDir(pod).resolve("more"), 600 * 1024);
        assertThat(eviction.synchronize()).map(p -> p.getMetadata().getName()).contains(pod.getMetadata().getName());
        assertEvicted(pod, "Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
        assertThat(get(pod).getStatus().getConditions()).noneMatch(c -> c.getType().equals("DisruptionTarget"));
        assertThat(running(calm)).isTrue();
        assertThat(reclaims).hasValue(0);
    }

    @Test
    void aWritableLayerAndLogsPastTheContainersLimitIsEvicted() throws Exception {
        Pod pod = create(null, "2Mi");
        await().atMost(WAIT).until(() -> running(pod));
        write(runtime.layerRoot.resolve(containerId(pod)).resolve("tmp/blob"), 1536 * 1024);
        write(root.resolve("logs").resolve("default_" + pod.getMetadata().getName() + "_" + pod.getMetadata().getUid())
                .resolve("app/0.log"), 600 * 1024);
        assertThat(eviction.synchronize()).isPresent();
        // One limited container: the pod's total (its limits' sum) trips first, as upstream's order has it.
        assertEvicted(pod, "Pod ephemeral local storage usage exceeds the total limit of containers 2Mi. ");
    }

    @Test
    void diskPressureReclaimsThenEvictsTheBiggestConsumer() throws Exception {
        Pod small = create(null, null);
        Pod big = create(null, null);
        await().atMost(WAIT).until(() -> running(small) && running(big));
        write(emptyDir(small).resolve("a"), 100 * 1024);
        write(runtime.layerRoot.resolve(containerId(big)).resolve("b"), 3 * 1024 * 1024);
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(5 * GI, 100 * GI));
        assertThat(eviction.synchronize()).as(() -> "containers " + runtime.listContainers() + "; measured "
                + new HostPodStorage(runtime, root.resolve("pods"), root.resolve("logs")).measure(lifecycle.activePods()))
                .map(p -> p.getMetadata().getName()).contains(big.getMetadata().getName());
        assertThat(reclaims).hasValue(1);
        assertThat(eviction.pressure().disk()).isTrue();
        assertEvicted(big, "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. "
                + "Container app was using 3Mi, request is 0, has larger consumption of ephemeral-storage. ");
        Pod p = get(big);
        assertThat(p.getStatus().getConditions()).anyMatch(c -> c.getType().equals("DisruptionTarget") && c.getStatus().equals("True"));
        assertThat(running(small)).isTrue();
    }
}
