package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import io.kube4j.runtime.RuntimeLabels;
import io.kube4j.runtime.SandboxStatus;
import io.kube4j.runtime.linux.Commands;
import io.kube4j.runtime.linux.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stopping with grace, surviving a restart of the runtime's user, and removal that leaves nothing behind. */
class RuncLifecycleIT {

    private RuncHarness harness;
    private RuncRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        RuncHarness.assumeHost();
        harness = new RuncHarness();
        runtime = harness.runtime();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void stopHonoursTheGracePeriod() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("grace"));
        String polite = runtime.createContainer(sandbox.id(), RuncHarness.container("polite",
                List.of("sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 0.1; done")));
        String stubborn = runtime.createContainer(sandbox.id(), RuncHarness.container("stubborn",
                List.of("sh", "-c", "trap '' TERM; while true; do sleep 0.1; done")));
        runtime.startContainer(polite);
        runtime.startContainer(stubborn);
        RuncHarness.sleep(300); // let the shells install their traps

        long start = System.nanoTime();
        runtime.stopContainer(polite, Duration.ofSeconds(10));
        Duration politeTook = Duration.ofNanos(System.nanoTime() - start);
        ContainerState.Exited politeExit = (ContainerState.Exited) runtime.container(polite).orElseThrow().state();
        assertThat(politeExit.exitCode()).isZero();
        assertThat(politeTook).isLessThan(Duration.ofSeconds(5));

        start = System.nanoTime();
        runtime.stopContainer(stubborn, Duration.ofSeconds(2));
        Duration stubbornTook = Duration.ofNanos(System.nanoTime() - start);
        ContainerState.Exited stubbornExit = (ContainerState.Exited) runtime.container(stubborn).orElseThrow().state();
        assertThat(stubbornExit.exitCode()).isEqualTo(137);
        assertThat(stubbornExit.reason()).isEqualTo("Error");
        assertThat(stubbornTook).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void perPodListsHoldOnlyThatPodsSandboxesAndContainers() {
        SandboxStatus a = runtime.runSandbox(labelled(harness.sandbox("pod-a"), "uid-a"));
        SandboxStatus b = runtime.runSandbox(labelled(harness.sandbox("pod-b"), "uid-b"));
        String inA = runtime.createContainer(a.id(), labelled(RuncHarness.container("one", List.of("sleep", "300")), "uid-a"));
        String inB = runtime.createContainer(b.id(), labelled(RuncHarness.container("two", List.of("sleep", "300")), "uid-b"));
        runtime.startContainer(inA);

        assertThat(runtime.listSandboxes("uid-a")).extracting(SandboxStatus::id).containsExactly(a.id());
        assertThat(runtime.listContainers("uid-a")).extracting(ContainerStatus::id).containsExactly(inA);
        assertThat(runtime.listContainers("uid-a").getFirst().state()).isInstanceOf(ContainerState.Running.class);
        assertThat(runtime.listContainers("uid-b")).extracting(ContainerStatus::id).containsExactly(inB);
        assertThat(runtime.listContainers("uid-b").getFirst().state()).isInstanceOf(ContainerState.Created.class);
        assertThat(runtime.listSandboxes("uid-none")).isEmpty();
        assertThat(runtime.listContainers("uid-none")).isEmpty();
        // the same answers as the defaults that filter the full lists
        assertThat(runtime.listContainers("uid-b")).isEqualTo(runtime.listContainers().stream()
                .filter(c -> "uid-b".equals(c.labels().get(RuntimeLabels.POD_UID))).toList());
    }

    private static io.kube4j.runtime.SandboxConfig labelled(io.kube4j.runtime.SandboxConfig c, String uid) {
        java.util.Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.put(RuntimeLabels.POD_UID, uid);
        return new io.kube4j.runtime.SandboxConfig(c.name(), c.namespace(), uid, c.attempt(), c.hostname(), c.logDirectory(), c.dns(),
                c.hostAliases(), c.portMappings(), c.hostNetwork(), c.hostPid(), c.hostIpc(), c.shareProcessNamespace(),
                c.cgroupParent(), c.sysctls(), labels, c.annotations());
    }

    private static io.kube4j.runtime.ContainerConfig labelled(io.kube4j.runtime.ContainerConfig c, String uid) {
        java.util.Map<String, String> labels = new java.util.HashMap<>(c.labels());
        labels.put(RuntimeLabels.POD_UID, uid);
        return new io.kube4j.runtime.ContainerConfig(c.name(), c.attempt(), c.image(), c.command(), c.args(), c.workingDir(), c.env(),
                c.mounts(), c.logPath(), c.stdin(), c.stdinOnce(), c.tty(), c.resources(), c.security(), labels, c.annotations());
    }

    @Test
    void aNewRuntimeOverTheSameDirectoriesKnowsEverything() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("restart"));
        String running = runtime.createContainer(sandbox.id(), RuncHarness.container("running", List.of("sleep", "300")));
        String exited = runtime.createContainer(sandbox.id(), RuncHarness.container("exited", List.of("sh", "-c", "exit 7")));
        String later = runtime.createContainer(sandbox.id(), RuncHarness.container("later", List.of("sh", "-c", "sleep 1; exit 5")));
        String created = runtime.createContainer(sandbox.id(), RuncHarness.container("created", List.of("true")));
        runtime.startContainer(running);
        runtime.startContainer(exited);
        runtime.startContainer(later);
        RuncHarness.awaitExit(runtime, exited, Duration.ofSeconds(20));
        runtime.close();

        RuncHarness.sleep(1500); // "later" exits while no runtime is around
        RuncRuntime second = harness.runtime();
        assertThat(second.listSandboxes()).extracting(SandboxStatus::id).containsExactly(sandbox.id());
        assertThat(second.listSandboxes().getFirst().state()).isEqualTo(SandboxStatus.State.READY);
        assertThat(second.listContainers()).extracting(ContainerStatus::id).containsExactlyInAnyOrder(running, exited, later, created);
        assertThat(second.container(running).orElseThrow().state()).isInstanceOf(ContainerState.Running.class);
        assertThat(second.container(created).orElseThrow().state()).isInstanceOf(ContainerState.Created.class);
        assertThat(((ContainerState.Exited) second.container(exited).orElseThrow().state()).exitCode()).isEqualTo(7);
        assertThat(RuncHarness.awaitExit(second, later, Duration.ofSeconds(10)).exitCode()).isEqualTo(5);
        assertThat(second.container(running).orElseThrow().labels()).containsEntry("io.kubernetes.container.name", "running");

        second.stopContainer(running, Duration.ZERO);
        assertThat(((ContainerState.Exited) second.container(running).orElseThrow().state()).exitCode()).isEqualTo(137);
    }

    @Test
    void podStartupLatency() {
        int pods = 8;
        long[] millis = new long[pods];
        for (int i = 0; i < pods; i++) {
            long start = System.nanoTime();
            SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("lat" + i));
            String id = runtime.createContainer(sandbox.id(), RuncHarness.container("c", List.of("sleep", "60")));
            runtime.startContainer(id);
            assertThat(runtime.container(id).orElseThrow().state()).isInstanceOf(ContainerState.Running.class);
            millis[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        java.util.Arrays.sort(millis);
        System.out.printf("sandbox+container start latency over %d pods: p50 %d ms, max %d ms%n", pods, millis[pods / 2], millis[pods - 1]);
        assertThat(millis[pods - 1]).as("upstream's pod startup SLO is 5 s at p99").isLessThan(5000);
    }

    @Test
    void removingASandboxLeavesNoMountsNamespacesCgroupsOrFiles() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("remove"));
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("busy", List.of("sleep", "300")));
        runtime.startContainer(id);
        Path data = harness.config.dataDir();
        assertThat(Mounts.mountsUnder(data)).isNotEmpty();
        List<Path> cgroupDirs = harness.config.cgroups().directories(harness.cgroupPrefix + "/pod-remove");
        assertThat(cgroupDirs).anyMatch(Files::isDirectory);

        runtime.stopSandbox(sandbox.id());
        assertThat(harness.network.tornDown).contains(sandbox.id());
        assertThat(runtime.sandbox(sandbox.id()).orElseThrow().state()).isEqualTo(SandboxStatus.State.NOT_READY);
        assertThat(runtime.container(id).orElseThrow().state()).isInstanceOf(ContainerState.Exited.class);

        runtime.removeSandbox(sandbox.id());
        assertThat(runtime.listSandboxes()).isEmpty();
        assertThat(runtime.listContainers()).isEmpty();
        assertThat(Mounts.mountsUnder(data)).isEmpty();
        assertThat(cgroupDirs).noneMatch(Files::exists);
        assertThat(data.resolve("sandboxes").resolve(sandbox.id())).doesNotExist();
        assertThat(data.resolve("containers").resolve(id)).doesNotExist();
        Commands.Outcome list = Commands.run(new RuncCli(harness.config.runc(), harness.config.runcRoot()).argv("list", "-q"), 10);
        assertThat(list.output()).doesNotContain(id);
        // idempotent, as CRI's
        runtime.stopSandbox(sandbox.id());
        runtime.removeSandbox(sandbox.id());
        runtime.removeContainer(id);
    }
}
