package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real busybox containers under runc and conmon: logs, exit codes, the process's spec, OOM. */
class RuncContainerIT {

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
    void runsAContainerAndCapturesItsLogAndExitCode() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("logs"));
        assertThat(sandbox.state()).isEqualTo(SandboxStatus.State.READY);
        assertThat(harness.network.up).contains(sandbox.id());
        String id = runtime.createContainer(sandbox.id(),
                RuncHarness.container("main", List.of("sh", "-c", "echo out-line; echo err-line >&2; exit 3")));
        assertThat(runtime.container(id).orElseThrow().state()).isInstanceOf(ContainerState.Created.class);
        runtime.startContainer(id);

        ContainerState.Exited exited = RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(20));
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.reason()).isEqualTo("Error");
        String log = Files.readString(runtime.container(id).orElseThrow().logPath());
        assertThat(log).containsPattern("(?m)^\\S+ stdout F out-line$").containsPattern("(?m)^\\S+ stderr F err-line$");
        assertThat(runtime.container(id).orElseThrow().labels()).containsEntry("io.kubernetes.container.name", "main");
    }

    @Test
    void appliesEnvArgsWorkingDirUserAndPodFiles() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("spec"));
        ContainerConfig base = RuncHarness.container("spec", List.of("sh", "-c"),
                ContainerConfig.Resources.NONE,
                new ContainerConfig.Security(1000L, null, List.of(3000L), false, false, true, List.of(), List.of(),
                        new ContainerConfig.Seccomp.RuntimeDefault(), null));
        ContainerConfig config = new ContainerConfig("spec", 0, "busybox:test", List.of("sh", "-c"),
                List.of("echo \"env=$IMAGE_VAR,$MY_VAR\"; echo \"cwd=$(pwd)\"; echo \"uid=$(id -u) gid=$(id -g) groups=$(id -G)\";"
                        + " echo \"host=$(hostname)\"; grep alias-one /etc/hosts; cat /etc/image-file"),
                "/tmp", List.of("MY_VAR=mine", "IMAGE_VAR=overridden"), List.of(), "spec/0.log", false, false, false,
                base.resources(), base.security(), Map.of(), Map.of());
        String id = runtime.createContainer(sandbox.id(), config);
        runtime.startContainer(id);
        ContainerState.Exited exited = RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(20));
        String log = Files.readString(runtime.container(id).orElseThrow().logPath());
        assertThat(exited.exitCode()).as(log).isZero();
        assertThat(exited.reason()).isEqualTo("Completed");
        assertThat(log).contains("env=overridden,mine", "cwd=/tmp", "uid=1000 gid=1000", "host=spec",
                "10.9.9.9\talias-one", "from the image");
        assertThat(log).containsPattern("groups=.*2000").containsPattern("groups=.*3000");
    }

    @Test
    void imageUserByNameAndCommandVersusEntrypoint() throws Exception {
        try (RuncHarness named = new RuncHarness(new io.kube4j.runtime.ImageConfig(List.of("sh", "-c"),
                List.of("echo cmd-ran"), List.of(), "/home/app", "app", "", List.of(), Map.of()))) {
            RuncRuntime rt = named.runtime();
            SandboxStatus sandbox = rt.runSandbox(named.sandbox("named"));
            String fromImage = rt.createContainer(sandbox.id(), RuncHarness.container("image", List.of()));
            ContainerConfig withArgs = new ContainerConfig("args", 0, "busybox:test", List.of(),
                    List.of("echo args-ran $(id -un) $(pwd)"), "", List.of(), List.of(), "args/0.log", false, false, false,
                    ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
            String fromArgs = rt.createContainer(sandbox.id(), withArgs);
            rt.startContainer(fromImage);
            rt.startContainer(fromArgs);
            RuncHarness.awaitExit(rt, fromImage, Duration.ofSeconds(20));
            RuncHarness.awaitExit(rt, fromArgs, Duration.ofSeconds(20));
            assertThat(Files.readString(rt.container(fromImage).orElseThrow().logPath())).contains("cmd-ran");
            assertThat(Files.readString(rt.container(fromArgs).orElseThrow().logPath())).contains("args-ran app /home/app");
        }
    }

    @Test
    void aMemoryLimitEndsOomKilled() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("oom"));
        ContainerConfig.Resources limit = new ContainerConfig.Resources(0, 0, 0, 16L << 20, 0, 0);
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("hog",
                List.of("sh", "-c", "exec dd if=/dev/zero of=/dev/shm/fill bs=1M count=60"), limit,
                ContainerConfig.Security.DEFAULT));
        runtime.startContainer(id);
        ContainerState.Exited exited = RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(30));
        assertThat(exited.reason()).isEqualTo("OOMKilled");
        assertThat(exited.exitCode()).isEqualTo(137);
    }

    @Test
    void aReadOnlyRootCannotBeWritten() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("ro"));
        ContainerConfig.Security readOnly = new ContainerConfig.Security(null, null, List.of(), false, true, false,
                List.of(), List.of(), new ContainerConfig.Seccomp.Unconfined(), null);
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("ro",
                List.of("sh", "-c", "touch /written && echo wrote; touch /tmp/x"), ContainerConfig.Resources.NONE, readOnly));
        runtime.startContainer(id);
        ContainerState.Exited exited = RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(20));
        String log = Files.readString(runtime.container(id).orElseThrow().logPath());
        assertThat(exited.exitCode()).as(log).isNotZero();
        assertThat(log).contains("Read-only file system").doesNotContain("wrote");
    }

    @Test
    void refusesAppArmorClearly() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("refuse"));
        ContainerConfig.Security appArmor = new ContainerConfig.Security(null, null, List.of(), false, false, false,
                List.of(), List.of(), new ContainerConfig.Seccomp.Unconfined(), "runtime/default");
        assertThatThrownBy(() -> runtime.createContainer(sandbox.id(),
                RuncHarness.container("aa", List.of("true"), ContainerConfig.Resources.NONE, appArmor)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.UNSUPPORTED))
                .hasMessageContaining("AppArmor");
        assertThat(runtime.listContainers()).isEmpty();
    }

    @Test
    void shareProcessNamespaceLetsContainersSeeEachOther() throws Exception {
        var base = harness.sandbox("shared");
        var sharing = new io.kube4j.runtime.SandboxConfig(base.name(), base.namespace(), base.uid(), 0, base.hostname(),
                base.logDirectory(), null, List.of(), List.of(), false, false, false, true, base.cgroupParent(),
                Map.of(), Map.of(), Map.of());
        SandboxStatus sandbox = runtime.runSandbox(sharing);
        String sleeper = runtime.createContainer(sandbox.id(), RuncHarness.container("sleeper", List.of("sleep", "4242")));
        runtime.startContainer(sleeper);
        String looker = runtime.createContainer(sandbox.id(), RuncHarness.container("looker",
                List.of("sh", "-c", "ps -o pid,args; echo my-pid=$$")));
        runtime.startContainer(looker);
        RuncHarness.awaitExit(runtime, looker, Duration.ofSeconds(20));
        String log = Files.readString(runtime.container(looker).orElseThrow().logPath());
        assertThat(log).contains("sleep 4242", "kube4j-pidns-" + sandbox.id()).doesNotContain("my-pid=1\n");

        runtime.stopSandbox(sandbox.id());
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(c -> c.contains("kube4j-pidns-" + sandbox.id()))).isEmpty();
    }
}
