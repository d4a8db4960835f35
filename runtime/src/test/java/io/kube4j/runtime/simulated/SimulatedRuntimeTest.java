package io.kube4j.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeTest {

    private final SimulatedRuntime runtime = new SimulatedRuntime("10.50.0.0/24", Duration.ZERO);

    @AfterEach
    void close() {
        runtime.close();
    }

    static SandboxConfig sandbox(String name, boolean hostNetwork) {
        return new SandboxConfig(name, "default", "uid-" + name, 0, name, Path.of("/var/log/pods/default_" + name), null,
                List.of(), List.of(), hostNetwork, false, false, false, "", Map.of(), Map.of(RuntimeLabels.POD_NAME, name), Map.of());
    }

    static ContainerConfig container(String name, String... env) {
        return new ContainerConfig(name, 0, "busybox", List.of(), List.of(), "", List.of(env), List.of(), name + "/0.log",
                false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT,
                Map.of(RuntimeLabels.CONTAINER_NAME, name), Map.of("a", "b"));
    }

    private String running(String sandboxId, ContainerConfig config) {
        String id = runtime.createContainer(sandboxId, config);
        runtime.startContainer(id);
        return id;
    }

    @Test
    void pullIsImmediateWithAPlausibleConfigAndNormalisedTags() {
        ImageStatus image = runtime.images().pull("busybox", RegistryAuth.ANONYMOUS);
        assertThat(image.repoTags()).containsExactly("docker.io/library/busybox:latest");
        assertThat(image.id()).startsWith("sha256:").hasSize(71);
        assertThat(image.config().cmd()).isNotEmpty();
        assertThat(image.sizeBytes()).isPositive();
        assertThat(runtime.images().image("docker.io/library/busybox:latest")).contains(image);
        assertThat(runtime.images().image(image.id())).contains(image);
        assertThat(runtime.images().pull("127.0.0.1:5000/app:1.0", RegistryAuth.ANONYMOUS).repoTags())
                .containsExactly("127.0.0.1:5000/app:1.0");
        assertThat(runtime.images().list()).hasSize(2);
        assertThatThrownBy(() -> runtime.images().pull("Not Valid", RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.INVALID_IMAGE_NAME));
        runtime.images().remove("busybox");
        assertThat(runtime.images().image("busybox")).isEmpty();
        assertThat(runtime.images().usage().usedBytes()).isPositive();
    }

    @Test
    void pullWaitsTheConfiguredDelay() {
        SimulatedRuntime slow = new SimulatedRuntime("10.51.0.0/24", Duration.ofMillis(200));
        long start = System.nanoTime();
        slow.images().pull("nginx:1.27", RegistryAuth.ANONYMOUS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void sandboxesGetDistinctIpsFromTheCidrAndReleaseThemWhenStopped() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 253; i++) { // .2 to .254: the gateway and broadcast are never given
            SandboxStatus s = runtime.runSandbox(sandbox("p" + i, false));
            assertThat(s.state()).isEqualTo(SandboxStatus.State.READY);
            assertThat(s.ips()).hasSize(1);
            assertThat(s.ips().getFirst()).startsWith("10.50.0.").isNotIn("10.50.0.0", "10.50.0.1", "10.50.0.255");
            assertThat(seen.add(s.ips().getFirst())).isTrue();
        }
        assertThatThrownBy(() -> runtime.runSandbox(sandbox("full", false)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NETWORK));
        SandboxStatus first = runtime.listSandboxes().stream().filter(s -> s.config().name().equals("p7")).findFirst().orElseThrow();
        runtime.stopSandbox(first.id());
        runtime.stopSandbox(first.id()); // idempotent: the address is released once
        assertThat(runtime.sandbox(first.id()).orElseThrow().state()).isEqualTo(SandboxStatus.State.NOT_READY);
        assertThat(runtime.runSandbox(sandbox("again", false)).ips()).containsExactly(first.ips().getFirst());
        assertThat(runtime.runSandbox(sandbox("host", true)).ips()).isEmpty();
    }

    @Test
    void containersRunUntilStoppedKeepTheirLabelsAndWriteNoLog() {
        runtime.images().pull("busybox", RegistryAuth.ANONYMOUS);
        String sb = runtime.runSandbox(sandbox("web", false)).id();
        String id = runtime.createContainer(sb, container("app"));
        assertThat(runtime.container(id).orElseThrow().state()).isInstanceOf(ContainerState.Created.class);
        runtime.startContainer(id);
        var status = runtime.container(id).orElseThrow();
        assertThat(status.state()).isInstanceOf(ContainerState.Running.class);
        assertThat(status.labels()).containsEntry(RuntimeLabels.CONTAINER_NAME, "app");
        assertThat(status.sandboxId()).isEqualTo(sb);
        assertThat(status.imageId()).startsWith("sha256:");
        assertThat(status.logPath() == null || !Files.exists(status.logPath())).isTrue();
        assertThat(runtime.stats(id)).hasValueSatisfying(s -> assertThat(s.cpuUsageNanos()).isZero());

        runtime.stopContainer(id, Duration.ofSeconds(30));
        assertThat(runtime.container(id).orElseThrow().state())
                .isInstanceOfSatisfying(ContainerState.Exited.class, e -> assertThat(e.exitCode()).isZero());
        assertThat(runtime.stats(id)).isEmpty();

        String killed = running(sb, container("other"));
        runtime.stopContainer(killed, Duration.ZERO);
        assertThat(runtime.container(killed).orElseThrow().state())
                .isInstanceOfSatisfying(ContainerState.Exited.class, e -> assertThat(e.exitCode()).isEqualTo(137));
        runtime.removeContainer(killed);
        runtime.removeContainer(killed); // idempotent
        assertThat(runtime.container(killed)).isEmpty();
        runtime.removeSandbox(sb);
        assertThat(runtime.listContainers()).isEmpty();
        assertThat(runtime.listSandboxes()).isEmpty();
    }

    @Test
    void createNeedsThePresentImageAndAReadySandbox() {
        String sb = runtime.runSandbox(sandbox("web", false)).id();
        assertThatThrownBy(() -> runtime.createContainer(sb, container("app")))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.IMAGE_NOT_PRESENT));
        runtime.images().pull("busybox:latest", RegistryAuth.ANONYMOUS);
        runtime.stopSandbox(sb);
        assertThatThrownBy(() -> runtime.createContainer(sb, container("app"))).isInstanceOf(RuntimeFailure.class);
    }

    @Test
    void exitCodeEnvEndsTheContainerAtOnceOrAfterItsRunTime() {
        runtime.images().pull("busybox", RegistryAuth.ANONYMOUS);
        String sb = runtime.runSandbox(sandbox("job", false)).id();
        String now = running(sb, container("now", SimulatedRuntime.EXIT_CODE_ENV + "=3"));
        assertThat(runtime.container(now).orElseThrow().state()).isInstanceOfSatisfying(ContainerState.Exited.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.reason()).isEqualTo("Error");
        });

        long start = System.nanoTime();
        String later = running(sb, container("later", SimulatedRuntime.EXIT_CODE_ENV + "=0", SimulatedRuntime.RUN_MS_ENV + "=300"));
        assertThat(runtime.container(later).orElseThrow().state()).isInstanceOf(ContainerState.Running.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runtime.container(later).orElseThrow().state())
                .isInstanceOfSatisfying(ContainerState.Exited.class, e -> assertThat(e.reason()).isEqualTo("Completed")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        String stoppedFirst = running(sb, container("stopped", SimulatedRuntime.EXIT_CODE_ENV + "=5", SimulatedRuntime.RUN_MS_ENV + "=200"));
        runtime.stopContainer(stoppedFirst, Duration.ZERO);
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(((ContainerState.Exited) runtime.container(stoppedFirst).orElseThrow().state()).exitCode()).isEqualTo(137));
    }

    @Test
    void execSyncAnswersZeroOrOneForFalseAndStreamsAreUnsupported() {
        runtime.images().pull("busybox", RegistryAuth.ANONYMOUS);
        String sb = runtime.runSandbox(sandbox("web", false)).id();
        String id = running(sb, container("app"));
        assertThat(runtime.execSync(id, List.of("cat", "/tmp/healthy"), Duration.ofSeconds(1)).exitCode()).isZero();
        assertThat(runtime.execSync(id, List.of("false"), Duration.ofSeconds(1)).exitCode()).isEqualTo(1);
        assertThatThrownBy(() -> runtime.exec(id, List.of("sh"), true, true))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> runtime.attach(id, true, true)).isInstanceOf(RuntimeFailure.class);
        assertThatThrownBy(() -> runtime.portForward(sb, 80)).isInstanceOf(RuntimeFailure.class);
        runtime.stopContainer(id, Duration.ZERO);
        assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NOT_RUNNING));
    }

    @Test
    void thirtyThousandPodsStayCheap() {
        SimulatedRuntime big = new SimulatedRuntime("10.128.0.0/16", Duration.ZERO);
        big.images().pull("pause", RegistryAuth.ANONYMOUS);
        System.gc();
        Runtime jvm = Runtime.getRuntime();
        long before = jvm.totalMemory() - jvm.freeMemory();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < 30_000; i++) {
            String sb = big.runSandbox(sandbox("p" + i, false)).id();
            big.startContainer(big.createContainer(sb, new ContainerConfig("c", 0, "pause", List.of(), List.of(), "",
                    List.of(SimulatedRuntime.EXIT_CODE_ENV + "=0", SimulatedRuntime.RUN_MS_ENV + "=600000"), List.of(), "c/0.log",
                    false, false, false, ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of())));
        }
        System.gc();
        long perPod = (jvm.totalMemory() - jvm.freeMemory() - before) / 30_000;
        System.out.println("simulated runtime: ~" + perPod + " bytes per pod (sandbox + container + pending exit)");
        assertThat(perPod).isLessThan(8_000);
        assertThat(Thread.activeCount() - threadsBefore).isLessThanOrEqualTo(1);
        assertThat(big.listContainers()).hasSize(30_000);
        big.close();
    }
}
