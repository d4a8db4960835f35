package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.kubelet.events.ApiKubeletEvents;
import io.kube4j.runtime.ContainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod lifecycle against the real apiserver, with the {@link FakeRuntime}. */
class PodLifecycleIT {

    private static final String NODE = "node-a";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static TestApiServer api;
    private static KubernetesClient client;

    private FakeRuntime runtime;
    private Fakes.Configs configs;
    private Fakes.Volumes volumes;
    private final AtomicReference<Fakes.Probes> probes = new AtomicReference<>();
    private ApiKubeletEvents events;
    private PodLifecycle lifecycle;
    private Path logs;

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
        runtime = new FakeRuntime();
        runtime.presentImages.add("busybox:1.36");
        configs = new Fakes.Configs();
        volumes = new Fakes.Volumes();
        events = new ApiKubeletEvents(client, NODE, Clock.systemUTC());
        logs = Files.createTempDirectory("kube4j-podlife-");
        lifecycle = startLifecycle();
    }

    private PodLifecycle startLifecycle() {
        PodLifecycleOptions options = new PodLifecycleOptions(logs, List.of("192.168.50.1"), Duration.ofMinutes(1),
                Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(4),
                io.kube4j.kubelet.credentials.PullCredentials.ANONYMOUS, InstantSource.system());
        return PodLifecycle.start(client, NODE, runtime, configs, volumes, listener -> {
            Fakes.Probes p = new Fakes.Probes(listener);
            probes.set(p);
            return p;
        }, events, options);
    }

    @AfterEach
    void tearDown() {
        lifecycle.close();
        events.close();
        client.pods().inNamespace("default").withGracePeriod(0).delete();
    }

    private static Container container(String name) {
        return new ContainerBuilder().withName(name).withImage("busybox:1.36").withImagePullPolicy("IfNotPresent").build();
    }

    private static Pod pod(String name, String policy, List<Container> inits, List<Container> apps) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(NODE).withRestartPolicy(policy).withTerminationGracePeriodSeconds(7L)
                .withInitContainers(inits).withContainers(apps).endSpec()
                .build();
    }

    private static Pod create(Pod pod) {
        return client.pods().inNamespace("default").resource(pod).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static ContainerStatus status(String pod, String container) {
        Pod p = get(pod);
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream().filter(s -> s.getName().equals(container)).findFirst().orElse(null);
    }

    private static boolean ready(Pod p) {
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static List<Event> eventsOf(Pod pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.getMetadata().getUid().equals(e.getInvolvedObject().getUid())).toList();
    }

    @Test
    void podBecomesRunningWithAnIpAndReadyAndEventsOnTheApi() {
        String name = "web-" + UUID.randomUUID().toString().substring(0, 6);
        Pod created = create(pod(name, "Always", List.of(), List.of(container("web"))));
        // What the scheduler reports on binding; the kubelet must keep it.
        client.pods().inNamespace("default").withName(name).subresource("status").patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                "{\"status\":{\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"}]}}");

        await().atMost(WAIT).until(() -> ready(get(name)));
        Pod running = get(name);
        assertThat(running.getStatus().getPhase()).isEqualTo("Running");
        assertThat(running.getStatus().getPodIP()).startsWith("10.88.0.");
        assertThat(running.getStatus().getPodIPs()).hasSize(1);
        assertThat(running.getStatus().getHostIP()).isEqualTo("192.168.50.1");
        assertThat(running.getStatus().getStartTime()).isNotNull();
        assertThat(running.getStatus().getConditions()).extracting(c -> c.getType())
                .contains("PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");
        ContainerStatus web = status(name, "web");
        assertThat(web.getState().getRunning()).isNotNull();
        assertThat(web.getContainerID()).startsWith("fake://");
        assertThat(web.getReady()).isTrue();
        assertThat(probes.get().running.get(created.getMetadata().getUid())).containsKey("web");

        await().atMost(WAIT).until(() -> eventsOf(created).stream().map(Event::getReason).toList()
                .containsAll(List.of("Pulled", "Created", "Started")));
        Event started = eventsOf(created).stream().filter(e -> e.getReason().equals("Started")).findFirst().orElseThrow();
        assertThat(started.getMessage()).isEqualTo("Started container web");
        assertThat(started.getSource().getComponent()).isEqualTo("kubelet");
        assertThat(started.getSource().getHost()).isEqualTo(NODE);
        assertThat(started.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{web}");

        // A readiness change from the probes is reported after the pod is woken.
        probes.get().unready.add("web");
        lifecycle.podChanged(created.getMetadata().getUid());
        await().atMost(WAIT).until(() -> !ready(get(name)));
    }

    @Test
    void crashingContainerGoesToCrashLoopBackOffWithGrowingRestarts() {
        String name = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        runtime.script("crasher", FakeRuntime.Script.exitAfter(Duration.ofMillis(100), 1));
        Pod created = create(pod(name, "Always", List.of(), List.of(container("crasher"))));

        await().atMost(WAIT).until(() -> {
            ContainerStatus s = status(name, "crasher");
            return s != null && s.getRestartCount() >= 2 && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason());
        });
        ContainerStatus s = status(name, "crasher");
        assertThat(s.getState().getWaiting().getMessage())
                .matches("back-off \\d+s restarting failed container=crasher pod=" + name + "_default\\(" + created.getMetadata().getUid() + "\\)");
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(get(name).getStatus().getPhase()).isEqualTo("Running");
        int before = s.getRestartCount();
        await().atMost(WAIT).until(() -> status(name, "crasher").getRestartCount() > before);
        await().atMost(WAIT).until(() -> eventsOf(created).stream().anyMatch(e -> e.getReason().equals("BackOff")
                && e.getType().equals("Warning")
                && e.getMessage().equals("Back-off restarting failed container crasher in pod " + name + "_default("
                        + created.getMetadata().getUid() + ")")));
        // Dead instances are removed beyond the newest two.
        assertThat(runtime.instances("crasher").stream().filter(c -> c.state() instanceof ContainerState.Exited).count())
                .isLessThanOrEqualTo(3);
    }

    @Test
    void initContainerRunsToCompletionBeforeTheApp() {
        String name = "init-" + UUID.randomUUID().toString().substring(0, 6);
        runtime.script("setup", FakeRuntime.Script.exitAfter(Duration.ofMillis(300), 0));
        create(pod(name, "Always", List.of(container("setup")), List.of(container("main"))));

        await().atMost(WAIT).until(() -> ready(get(name)));
        List<String> calls = runtime.calls;
        assertThat(calls.indexOf("startContainer setup")).isLessThan(calls.indexOf("createContainer main 0"));
        Pod p = get(name);
        var init = p.getStatus().getInitContainerStatuses().getFirst();
        assertThat(init.getState().getTerminated().getExitCode()).isZero();
        assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(p.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Initialized") && c.getStatus().equals("True"));
        assertThat(runtime.instances("setup")).hasSize(1);
    }

    @Test
    void deletedPodIsStoppedWithItsGraceAndTheObjectRemoved() {
        String name = "del-" + UUID.randomUUID().toString().substring(0, 6);
        Container app = container("server");
        app.setLifecycle(new io.fabric8.kubernetes.api.model.LifecycleBuilder()
                .withNewPreStop().withNewExec().withCommand("sh", "-c", "drain").endExec().endPreStop().build());
        Pod created = create(pod(name, "Always", List.of(), List.of(app)));
        await().atMost(WAIT).until(() -> ready(get(name)));

        client.pods().inNamespace("default").withName(name).withGracePeriod(5).delete();

        await().atMost(WAIT).until(() -> get(name) == null);
        FakeRuntime.Stop stop = runtime.stops.stream().filter(s -> s.name().equals("server")).findFirst().orElseThrow();
        assertThat(stop.timeout()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(runtime.calls).contains("exec sh -c drain");
        assertThat(runtime.calls.indexOf("exec sh -c drain")).isLessThan(runtime.calls.indexOf("stopContainer server"));
        String uid = created.getMetadata().getUid();
        await().atMost(WAIT).until(() -> volumes.tornDown.contains(uid));
        assertThat(runtime.listSandboxes()).noneMatch(s -> uid.equals(s.config().uid()));
        assertThat(probes.get().removed).contains(uid);
        await().atMost(WAIT).until(() -> eventsOf(created).stream().anyMatch(e -> e.getReason().equals("Killing")
                && e.getMessage().equals("Stopping container server")));
    }

    @Test
    void neverPodsEndSucceededOrFailedWithExitCodes() {
        String ok = "job-ok-" + UUID.randomUUID().toString().substring(0, 6);
        String bad = "job-bad-" + UUID.randomUUID().toString().substring(0, 6);
        runtime.script("work", FakeRuntime.Script.exitAfter(Duration.ofMillis(200), 0));
        runtime.script("fail", FakeRuntime.Script.exitAfter(Duration.ofMillis(200), 3));
        create(pod(ok, "Never", List.of(), List.of(container("work"))));
        create(pod(bad, "Never", List.of(), List.of(container("fail"))));
        await().atMost(WAIT).until(() -> "Succeeded".equals(get(ok).getStatus().getPhase()));
        await().atMost(WAIT).until(() -> "Failed".equals(get(bad).getStatus().getPhase()));
        assertThat(status(ok, "work").getState().getTerminated().getExitCode()).isZero();
        assertThat(status(bad, "fail").getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(status(bad, "fail").getRestartCount()).isZero();
        assertThat(runtime.instances("fail")).hasSize(1);
        String uid = get(bad).getMetadata().getUid();
        await().atMost(WAIT).until(() -> runtime.listSandboxes().stream()
                .filter(s -> uid.equals(s.config().uid()))
                .allMatch(s -> s.state() == io.kube4j.runtime.SandboxStatus.State.NOT_READY));
        assertThat(get(bad).getStatus().getPhase()).as("a terminal phase stays").isEqualTo("Failed");
    }

    @Test
    void restartedKubeletKeepsRunningContainersAndCounts() throws Exception {
        String name = "keep-" + UUID.randomUUID().toString().substring(0, 6);
        runtime.script("flaky", FakeRuntime.Script.exitAfter(Duration.ofMillis(100), 2));
        create(pod(name, "Always", List.of(), List.of(container("steady"), container("flaky"))));
        await().atMost(WAIT).until(() -> {
            ContainerStatus flaky = status(name, "flaky");
            ContainerStatus steady = status(name, "steady");
            return flaky != null && flaky.getRestartCount() >= 1 && steady != null && steady.getState().getRunning() != null;
        });
        String steadyId = status(name, "steady").getContainerID();
        int flakyRestarts = status(name, "flaky").getRestartCount();

        lifecycle.close();
        lifecycle = startLifecycle(); // a new kubelet over the same runtime

        Thread.sleep(2_000);
        await().atMost(WAIT).until(() -> status(name, "flaky").getRestartCount() > flakyRestarts);
        ContainerStatus steady = status(name, "steady");
        assertThat(steady.getContainerID()).isEqualTo(steadyId);
        assertThat(steady.getRestartCount()).isZero();
        assertThat(steady.getState().getRunning()).isNotNull();
        assertThat(runtime.instances("steady")).hasSize(1);
        assertThat(runtime.stops.stream().map(FakeRuntime.Stop::name)).doesNotContain("steady");
        assertThat(status(name, "flaky").getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(runtime.calls.stream().filter(c -> c.startsWith("runSandbox")).count()).isEqualTo(1);
        assertThat(Objects.requireNonNull(get(name)).getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void failedLivenessKillsAndRestartsTheContainer() {
        String name = "live-" + UUID.randomUUID().toString().substring(0, 6);
        Pod created = create(pod(name, "Always", List.of(), List.of(container("probed"))));
        await().atMost(WAIT).until(() -> ready(get(name)));
        String id = status(name, "probed").getContainerID().substring("fake://".length());

        probes.get().mustRestart.add("probed/" + id);
        lifecycle.podChanged(created.getMetadata().getUid());

        await().atMost(WAIT).until(() -> {
            ContainerStatus s = status(name, "probed");
            return s.getRestartCount() == 1 && s.getState().getRunning() != null;
        });
        assertThat(status(name, "probed").getLastState().getTerminated().getContainerID()).isEqualTo("fake://" + id);
        await().atMost(WAIT).until(() -> eventsOf(created).stream().anyMatch(e -> e.getReason().equals("Killing")
                && e.getMessage().equals("Container probed failed liveness probe, will be restarted")));
    }

    @Test
    void activeDeadlineFailsThePod() {
        String name = "deadline-" + UUID.randomUUID().toString().substring(0, 6);
        Pod pod = pod(name, "Always", List.of(), List.of(container("long")));
        pod.getSpec().setActiveDeadlineSeconds(2L);
        create(pod);
        await().atMost(WAIT).until(() -> "Failed".equals(get(name).getStatus().getPhase()));
        Pod failed = get(name);
        assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
        assertThat(failed.getStatus().getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
        await().atMost(WAIT).until(() -> runtime.instances("long").stream().noneMatch(c -> c.state() instanceof ContainerState.Running));
    }

    @Test
    void mountAndConfigFailuresAreReportedAndRetried() {
        String name = "cfg-" + UUID.randomUUID().toString().substring(0, 6);
        volumes.failures.set(1);
        configs.missing.add("needs-config");
        Pod created = create(pod(name, "Always", List.of(), List.of(container("needs-config"))));

        await().atMost(WAIT).until(() -> {
            ContainerStatus s = status(name, "needs-config");
            return s != null && s.getState().getWaiting() != null
                    && "CreateContainerConfigError".equals(s.getState().getWaiting().getReason());
        });
        assertThat(status(name, "needs-config").getState().getWaiting().getMessage()).isEqualTo("configmap \"app-config\" not found");
        await().atMost(WAIT).until(() -> eventsOf(created).stream().anyMatch(e -> e.getReason().equals("FailedMount")
                && e.getType().equals("Warning")));
        configs.missing.clear();
        await().atMost(WAIT).until(() -> ready(get(name)));
    }

    @Test
    void podsDeletedWhileTheKubeletWasDownAreStoppedAndRemoved() {
        String name = "gone-" + UUID.randomUUID().toString().substring(0, 6);
        Pod created = create(pod(name, "Always", List.of(), List.of(container("orphan"))));
        await().atMost(WAIT).until(() -> ready(get(name)));
        lifecycle.close();
        client.pods().inNamespace("default").withName(name).withGracePeriod(0).delete();
        await().atMost(WAIT).until(() -> get(name) == null);

        lifecycle = startLifecycle();
        String uid = created.getMetadata().getUid();
        await().atMost(WAIT).until(() -> runtime.listSandboxes().stream().noneMatch(s -> uid.equals(s.config().uid())));
        // The grace stamped on its sandbox (7 s), less the moments already spent.
        assertThat(runtime.stops).anyMatch(s -> s.name().equals("orphan")
                && s.timeout().compareTo(Duration.ofSeconds(6)) > 0 && s.timeout().compareTo(Duration.ofSeconds(7)) <= 0);
        assertThat(volumes.tornDown).contains(uid);
    }

    @Test
    void staticPodRunsFromItsManifestAndReportsToItsMirror() {
        String name = "static-" + UUID.randomUUID().toString().substring(0, 6);
        String staticUid = "manifest-" + UUID.randomUUID();
        Pod manifest = new PodBuilder(pod(name, "Always", List.of(), List.of(container("agent"))))
                .editMetadata().withUid(staticUid).endMetadata().build();
        Pod mirror = create(new PodBuilder(manifest)
                .editMetadata().withUid(null).addToAnnotations(PodLifecycle.MIRROR_ANNOTATION, staticUid).endMetadata().build());

        lifecycle.addStaticPod(manifest);

        await().atMost(WAIT).until(() -> ready(get(name)));
        assertThat(runtime.listSandboxes()).anyMatch(sb -> staticUid.equals(sb.config().uid()));
        assertThat(runtime.listSandboxes()).noneMatch(sb -> mirror.getMetadata().getUid().equals(sb.config().uid()));

        lifecycle.removeStaticPod(staticUid);
        await().atMost(WAIT).until(() -> runtime.listSandboxes().stream().noneMatch(sb -> staticUid.equals(sb.config().uid())));
        assertThat(get(name)).as("the mirror is the node agent's to delete").isNotNull();
    }

    @Test
    void sidecarInitContainerKeepsRunningBesideTheApp() {
        String name = "sidecar-" + UUID.randomUUID().toString().substring(0, 6);
        Container sidecar = container("proxy");
        sidecar.setRestartPolicy("Always");
        runtime.script("job", FakeRuntime.Script.exitAfter(Duration.ofMillis(500), 0));
        create(pod(name, "Never", List.of(sidecar), List.of(container("job"))));

        await().atMost(WAIT).until(() -> {
            Pod p = get(name);
            return p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                    && p.getStatus().getContainerStatuses().getFirst().getState().getRunning() != null;
        });
        Pod running = get(name);
        assertThat(running.getStatus().getInitContainerStatuses().getFirst().getState().getRunning()).isNotNull();
        assertThat(running.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Initialized") && c.getStatus().equals("True"));

        // The job ends: the pod succeeds and its sidecar is stopped.
        await().atMost(WAIT).until(() -> "Succeeded".equals(get(name).getStatus().getPhase()));
        await().atMost(WAIT).until(() -> runtime.instances("proxy").stream().noneMatch(c -> c.state() instanceof ContainerState.Running));
    }

    @Test
    void imageChangeRestartsTheContainerWithTheNewImage() {
        String name = "img-" + UUID.randomUUID().toString().substring(0, 6);
        Pod created = create(pod(name, "Always", List.of(), List.of(container("web"))));
        await().atMost(WAIT).until(() -> ready(get(name)));
        String before = status(name, "web").getContainerID();

        client.pods().inNamespace("default").withName(name).edit(p -> {
            p.getSpec().getContainers().getFirst().setImage("busybox:1.37");
            return p;
        });

        await().atMost(WAIT).until(() -> {
            ContainerStatus s = status(name, "web");
            return s.getImage().equals("busybox:1.37") && s.getState().getRunning() != null && !s.getContainerID().equals(before);
        });
        assertThat(status(name, "web").getRestartCount()).isEqualTo(1);
        assertThat(runtime.created.getLast().image()).isEqualTo("busybox:1.37");
        assertThat(runtime.calls).contains("pull busybox:1.37");
        await().atMost(WAIT).until(() -> eventsOf(created).stream().anyMatch(e -> e.getReason().equals("Killing")
                && e.getMessage().equals("Container web definition changed, will be restarted")));
    }
}
