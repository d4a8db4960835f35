package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import io.kube4j.runtime.SandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the process is allowed: capabilities, seccomp, no-new-privileges, host namespaces, sysctls, mounts. */
class RuncSecurityIT {

    /** CapEff of containerd's default set. */
    private static final String DEFAULT_CAPS = "00000000a80425fb";

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
    void capabilitiesSeccompAndNoNewPrivileges() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("caps"));
        String status = "grep -E '^(CapEff|Seccomp|NoNewPrivs):' /proc/self/status";
        String plain = run(sandbox, "plain", status, ContainerConfig.Security.DEFAULT);
        assertThat(plain).contains("CapEff:\t" + DEFAULT_CAPS, "Seccomp:\t0", "NoNewPrivs:\t0");

        String restricted = run(sandbox, "restricted", status, new ContainerConfig.Security(null, null, List.of(), false,
                false, true, List.of("NET_ADMIN"), List.of("ALL"), new ContainerConfig.Seccomp.RuntimeDefault(), null));
        assertThat(restricted).contains("CapEff:\t0000000000001000", "Seccomp:\t2", "NoNewPrivs:\t1");

        String privileged = run(sandbox, "privileged", status + "; mkdir -p /tmp/m && mount -t tmpfs none /tmp/m && echo made-mount",
                new ContainerConfig.Security(null, null, List.of(), true, false, false, List.of(), List.of(),
                        new ContainerConfig.Seccomp.RuntimeDefault(), null));
        assertThat(privileged).contains("Seccomp:\t0", "made-mount").doesNotContain("CapEff:\t" + DEFAULT_CAPS);
    }

    @Test
    void bindMountsSysctlsAndHostNetwork() throws Exception {
        Path shared = Files.createDirectories(harness.base.resolve("shared"));
        Files.writeString(shared.resolve("in.txt"), "from the host");
        SandboxConfig base = harness.sandbox("mounts");
        SandboxConfig withSysctl = new SandboxConfig(base.name(), base.namespace(), base.uid(), 0, base.hostname(),
                base.logDirectory(), null, List.of(), List.of(), false, false, false, false, base.cgroupParent(),
                Map.of("net.ipv4.ip_unprivileged_port_start", "80"), Map.of(), Map.of());
        SandboxStatus sandbox = runtime.runSandbox(withSysctl);
        ContainerConfig c = new ContainerConfig("mounts", 0, "busybox:test", List.of("sh", "-c",
                "cat /ro/in.txt; echo; touch /ro/x || echo ro-refused; echo hi > /rw/out.txt;"
                        + " echo port-start=$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)"),
                List.of(), "", List.of(), List.of(new ContainerConfig.Mount("/ro", shared, true, "private"),
                        new ContainerConfig.Mount("/rw", shared, false, "rslave")), "mounts/0.log", false, false, false,
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
        String id = runtime.createContainer(sandbox.id(), c);
        runtime.startContainer(id);
        RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(20));
        String log = Files.readString(runtime.container(id).orElseThrow().logPath());
        assertThat(log).contains("from the host", "ro-refused", "port-start=80");
        assertThat(Files.readString(shared.resolve("out.txt"))).isEqualTo("hi\n");

        SandboxConfig host = harness.sandbox("hostnet");
        SandboxConfig hostNetwork = new SandboxConfig(host.name(), host.namespace(), host.uid(), 0, host.hostname(),
                host.logDirectory(), null, List.of(), List.of(), true, false, false, false, host.cgroupParent(), Map.of(),
                Map.of(), Map.of());
        SandboxStatus hostSandbox = runtime.runSandbox(hostNetwork);
        assertThat(hostSandbox.networkNamespace()).isNull();
        assertThat(harness.network.up).doesNotContain(hostSandbox.id());
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        String onHost = runtime.createContainer(hostSandbox.id(), RuncHarness.container("h", List.of("sh", "-c",
                "echo name=$(hostname); cat /proc/net/dev | grep -c : ")));
        runtime.startContainer(onHost);
        RuncHarness.awaitExit(runtime, onHost, Duration.ofSeconds(20));
        assertThat(Files.readString(runtime.container(onHost).orElseThrow().logPath())).contains("name=" + hostname);
    }

    @Test
    void resourcesReachTheContainersCgroup() throws Exception {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("limits"));
        ContainerConfig.Resources resources = new ContainerConfig.Resources(512, 50_000, 100_000, 32L << 20, 50, 0);
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("limited", List.of("sleep", "60"), resources,
                ContainerConfig.Security.DEFAULT));
        runtime.startContainer(id);
        String cgroup = harness.cgroupPrefix + "/pod-limits/" + id;
        var cgroups = harness.config.cgroups();
        Path root = cgroups.root();
        String rel = cgroup.substring(1);
        if (cgroups.unified()) {
            assertThat(Files.readString(root.resolve(rel).resolve("cpu.max")).trim()).isEqualTo("50000 100000");
            assertThat(Files.readString(root.resolve(rel).resolve("memory.max")).trim()).isEqualTo(Long.toString(32L << 20));
            assertThat(Files.readString(root.resolve(rel).resolve("pids.max")).trim()).isEqualTo("50");
        } else {
            Path cpu = Files.exists(root.resolve("cpu")) ? root.resolve("cpu") : root.resolve("cpu,cpuacct");
            assertThat(Files.readString(cpu.resolve(rel).resolve("cpu.shares")).trim()).isEqualTo("512");
            assertThat(Files.readString(cpu.resolve(rel).resolve("cpu.cfs_quota_us")).trim()).isEqualTo("50000");
            assertThat(Files.readString(root.resolve("memory").resolve(rel).resolve("memory.limit_in_bytes")).trim())
                    .isEqualTo(Long.toString(32L << 20));
            assertThat(Files.readString(root.resolve("pids").resolve(rel).resolve("pids.max")).trim()).isEqualTo("50");
        }
        assertThat(runtime.stats(id)).isPresent();
    }

    @Test
    void streamsNeedARunningContainer() {
        SandboxStatus sandbox = runtime.runSandbox(harness.sandbox("idle"));
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container("idle", List.of("true")));
        assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NOT_RUNNING));
        assertThat(runtime.stats(id)).isEmpty();
        runtime.stopContainer(id, Duration.ofSeconds(1)); // never started: nothing to do
        assertThat(runtime.container(id).orElseThrow().state()).isInstanceOf(ContainerState.Created.class);
        assertThatThrownBy(() -> runtime.execSync("0123abcd", List.of("true"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.NOT_FOUND));
        assertThat(runtime.container("../../etc")).isEmpty();
        runtime.removeContainer(id);
        assertThat(runtime.container(id)).isEmpty();
    }

    private String run(SandboxStatus sandbox, String name, String script, ContainerConfig.Security security) throws Exception {
        String id = runtime.createContainer(sandbox.id(), RuncHarness.container(name, List.of("sh", "-c", script),
                ContainerConfig.Resources.NONE, security));
        runtime.startContainer(id);
        RuncHarness.awaitExit(runtime, id, Duration.ofSeconds(20));
        return Files.readString(runtime.container(id).orElseThrow().logPath());
    }
}
