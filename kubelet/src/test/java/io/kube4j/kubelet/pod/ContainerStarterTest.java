package io.kube4j.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.kubelet.status.RuntimePod;
import io.kube4j.kubelet.volume.PodVolumes;
import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starting containers: CrashLoopBackOff on a fake clock, image pull policy and back-off, config errors, postStart. */
class ContainerStarterTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final InstantSource clock = now::get;
    private final FakeRuntime runtime = new FakeRuntime();
    private final Fakes.Events events = new Fakes.Events();
    private final Fakes.Configs configs = new Fakes.Configs();
    private ContainerStarter starter;
    private SandboxStatus sandbox;
    private final Pod pod = TestPods.pod("Always", List.of(), List.of("app"));
    private final PodVolumes volumes = new PodVolumes(TestPods.UID, Map.of());

    @BeforeEach
    void setUp() {
        Hooks hooks = new Hooks(runtime);
        PodKiller killer = new PodKiller(runtime, hooks, events, clock);
        Backoff crash = new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(300));
        Backoff images = new Backoff(clock, Duration.ofSeconds(10), Duration.ofSeconds(300));
        ImagePuller puller = new ImagePuller(runtime.images(), events, images, clock, io.kube4j.kubelet.credentials.PullCredentials.ANONYMOUS);
        starter = new ContainerStarter(runtime, configs, puller, hooks, crash, events, killer);
        sandbox = runtime.runSandbox(PodSyncer.stamped(pod, configs.sandbox(pod, 0)));
        runtime.presentImages.add("busybox:1.36");
    }

    private RuntimePod view() {
        return RuntimePod.of(TestPods.UID, runtime.listSandboxes(), runtime.listContainers());
    }

    private ContainerStarter.Outcome start(Container c) {
        return starter.start(pod, c, false, sandbox, view(), volumes);
    }

    private void exitLatest() {
        var latest = view().latest("app").orElseThrow();
        runtime.stopContainer(latest.id(), Duration.ZERO);
    }

    @Test
    void crashLoopBackOffDoublesWithUpstreamsMessage() {
        Container app = TestPods.container("app");
        assertThat(start(app)).isEqualTo(ContainerStarter.Outcome.STARTED);
        exitLatest();
        // The first restart is immediate.
        assertThat(start(app)).isEqualTo(ContainerStarter.Outcome.STARTED);
        exitLatest();
        now.updateAndGet(t -> t.plusSeconds(1));
        ContainerStarter.Outcome backingOff = start(app);
        assertThat(backingOff.waiting().reason()).isEqualTo("CrashLoopBackOff");
        assertThat(backingOff.waiting().message())
                .isEqualTo("back-off 10s restarting failed container=app pod=web_default(" + TestPods.UID + ")");
        assertThat(backingOff.retryIn()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(events.all).anyMatch(e -> e.reason().equals("BackOff") && e.type().equals("Warning")
                && e.message().equals("Back-off restarting failed container app in pod web_default(" + TestPods.UID + ")")
                && e.fieldPath().equals("spec.containers{app}"));

        now.updateAndGet(t -> t.plusSeconds(10));
        assertThat(start(app)).isEqualTo(ContainerStarter.Outcome.STARTED);
        exitLatest();
        now.updateAndGet(t -> t.plusSeconds(1));
        assertThat(start(app).waiting().message()).startsWith("back-off 20s ");

        // Restart counts follow the annotation of the newest instance.
        assertThat(runtime.created.stream().map(ContainerConfig::attempt).toList()).containsExactly(0, 1, 2);
        assertThat(runtime.created.getLast().annotations())
                .containsEntry(RuntimeLabels.CONTAINER_RESTART_COUNT, "2")
                .containsEntry(RuntimeLabels.CONTAINER_HASH, ContainerHash.of(app))
                .containsKey(RuntimeLabels.GRACE_PERIOD);
        assertThat(runtime.created.getLast().labels())
                .containsEntry(RuntimeLabels.POD_UID, TestPods.UID)
                .containsEntry(RuntimeLabels.CONTAINER_NAME, "app")
                .containsEntry(RuntimeLabels.POD_NAME, "web");
        assertThat(events.reasons()).contains("Created", "Started", "Pulled");
        assertThat(events.all).anyMatch(e -> e.message().equals("Created container: app"));
        assertThat(events.all).anyMatch(e -> e.message().equals("Started container app"));
    }

    @Test
    void pullFailureIsErrImagePullThenImagePullBackOff() {
        Container app = TestPods.container("app");
        app.setImage("registry.local/missing:1");
        runtime.failingImages.add("registry.local/missing:1");
        ContainerStarter.Outcome first = start(app);
        assertThat(first.waiting().reason()).isEqualTo("ErrImagePull");
        assertThat(first.waiting().message()).contains("not found");
        ContainerStarter.Outcome second = start(app);
        assertThat(second.waiting().reason()).isEqualTo("ImagePullBackOff");
        assertThat(second.waiting().message()).isEqualTo("Back-off pulling image \"registry.local/missing:1\"");
        assertThat(runtime.calls.stream().filter(c -> c.startsWith("pull")).count()).isEqualTo(1);
        now.updateAndGet(t -> t.plusSeconds(11));
        runtime.failingImages.clear();
        assertThat(start(app)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(events.reasons()).contains("Pulling", "Failed", "BackOff", "Pulled");
    }

    @Test
    void neverPolicyWithoutTheImageIsErrImageNeverPull() {
        Container app = TestPods.container("app");
        app.setImage("other:2");
        app.setImagePullPolicy("Never");
        ContainerStarter.Outcome outcome = start(app);
        assertThat(outcome.waiting().reason()).isEqualTo("ErrImageNeverPull");
        assertThat(outcome.waiting().message()).isEqualTo("Container image \"other:2\" is not present with pull policy of Never");
        assertThat(runtime.calls).noneMatch(c -> c.startsWith("pull"));
    }

    @Test
    void alwaysPolicyPullsEvenWhenPresent() {
        Container app = TestPods.container("app");
        app.setImagePullPolicy("Always");
        assertThat(start(app)).isEqualTo(ContainerStarter.Outcome.STARTED);
        assertThat(runtime.calls).contains("pull busybox:1.36");
        assertThat(events.all).anyMatch(e -> e.reason().equals("Pulled") && e.message().startsWith("Successfully pulled image \"busybox:1.36\" in "));
    }

    @Test
    void missingConfigIsCreateContainerConfigError() {
        configs.missing.add("app");
        ContainerStarter.Outcome outcome = start(TestPods.container("app"));
        assertThat(outcome.waiting()).isEqualTo(new io.kube4j.kubelet.status.ContainerWaiting(
                "CreateContainerConfigError", "configmap \"app-config\" not found"));
        assertThat(events.all).anyMatch(e -> e.reason().equals("Failed") && e.message().equals("Error: configmap \"app-config\" not found"));
    }

    @Test
    void failedPostStartHookKillsTheContainer() {
        Container app = TestPods.container("app");
        app.setLifecycle(new io.fabric8.kubernetes.api.model.LifecycleBuilder()
                .withNewPostStart().withNewExec().withCommand("false").endExec().endPostStart().build());
        runtime.exec = cmd -> new io.kube4j.runtime.ExecResult(1, "boom".getBytes(), new byte[0], false);
        Pod hooked = new PodBuilder(pod).editSpec().withContainers(app).endSpec().build();
        ContainerStarter.Outcome outcome = starter.start(hooked, app, false, sandbox, view(), volumes);
        assertThat(outcome.waiting().reason()).isEqualTo("PostStartHookError");
        assertThat(events.all).anyMatch(e -> e.reason().equals("FailedPostStartHook") && e.message().equals("PostStartHook failed"));
        assertThat(view().latest("app").orElseThrow().state()).isInstanceOf(io.kube4j.runtime.ContainerState.Exited.class);
    }

    @Test
    void pullPolicyDefaultsAsTheApiDoes() {
        Container c = TestPods.container("x");
        c.setImagePullPolicy(null);
        c.setImage("busybox");
        assertThat(ImagePuller.pullPolicy(c)).isEqualTo("Always");
        c.setImage("busybox:latest");
        assertThat(ImagePuller.pullPolicy(c)).isEqualTo("Always");
        c.setImage("127.0.0.1:5000/busybox:1.36");
        assertThat(ImagePuller.pullPolicy(c)).isEqualTo("IfNotPresent");
        c.setImage("127.0.0.1:5000/busybox");
        assertThat(ImagePuller.pullPolicy(c)).isEqualTo("Always");
    }

    @Test
    void startFailureIsRunContainerErrorAndLeavesNoContainer() {
        runtime.failingStarts.add("app");
        ContainerStarter.Outcome outcome = start(TestPods.container("app"));
        assertThat(outcome.waiting().reason()).isEqualTo("RunContainerError");
        assertThat(outcome.waiting().message()).contains("executable file not found");
        assertThat(view().instances("app")).isEmpty();
        assertThat(events.all).anyMatch(e -> e.reason().equals("Failed") && e.message().startsWith("Error: exec:"));
    }
}
