package io.kube4j.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.SandboxConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciSpecTest {

    @TempDir
    Path dir;

    private final StateFiles state = new StateFiles();
    private final ImageConfig image = new ImageConfig(List.of("/entry"), List.of("default-cmd"),
            List.of("PATH=/image/bin", "A=image", "B=image"), "/image-wd", "", "SIGQUIT", List.of(), Map.of());

    @Test
    void commandAndArgsFollowKubernetesRules() {
        assertThat(OciSpec.args(config(List.of(), List.of()), image)).containsExactly("/entry", "default-cmd");
        assertThat(OciSpec.args(config(List.of(), List.of("x")), image)).containsExactly("/entry", "x");
        assertThat(OciSpec.args(config(List.of("/cmd"), List.of()), image)).containsExactly("/cmd");
        assertThat(OciSpec.args(config(List.of("/cmd"), List.of("y")), image)).containsExactly("/cmd", "y");
        ImageConfig bare = new ImageConfig(List.of(), List.of(), List.of(), "", "", "", List.of(), Map.of());
        assertThatThrownBy(() -> OciSpec.args(config(List.of(), List.of()), bare)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("no command");
    }

    @Test
    void environmentMergesImageThenContainerWithDefaults() {
        ContainerConfig c = withEnv(List.of("B=container", "C=container"));
        assertThat(OciSpec.env(c, image, record(sandbox(false, false, false))))
                .containsExactly("PATH=/image/bin", "A=image", "B=container", "C=container", "HOSTNAME=pod-host");
        ImageConfig noPath = new ImageConfig(List.of(), List.of("sh"), List.of(), "", "", "", List.of(), Map.of());
        assertThat(OciSpec.env(c, noPath, record(sandbox(false, false, false)))).anyMatch(e -> e.startsWith("PATH=/usr/local/sbin:"));
    }

    @Test
    void capabilitiesStartFromContainerdDefaults() {
        assertThat(OciSpec.capabilities(security(false, List.of(), List.of()), OciSpec.ALL_CAPABILITIES)).containsExactlyElementsOf(OciSpec.DEFAULT_CAPABILITIES);
        assertThat(OciSpec.capabilities(security(false, List.of("NET_ADMIN"), List.of("KILL", "CAP_CHOWN")), OciSpec.ALL_CAPABILITIES))
                .contains("NET_ADMIN").doesNotContain("KILL", "CHOWN");
        assertThat(OciSpec.capabilities(security(false, List.of("NET_BIND_SERVICE"), List.of("ALL")), OciSpec.ALL_CAPABILITIES))
                .containsExactly("NET_BIND_SERVICE");
        assertThat(OciSpec.capabilities(security(true, List.of(), List.of("ALL")), OciSpec.ALL_CAPABILITIES)).hasSize(41).contains("SYS_ADMIN");
        assertThat(OciSpec.capabilities(security(true, List.of(), List.of()), List.of("CHOWN", "SYS_ADMIN")))
                .as("privileged gets what this process holds").containsExactly("CHOWN", "SYS_ADMIN");
        assertThatThrownBy(() -> OciSpec.capabilities(security(false, List.of("MAKE_COFFEE"), List.of()), OciSpec.ALL_CAPABILITIES))
                .isInstanceOf(RuntimeFailure.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void specCarriesNamespacesResourcesMountsAndDefaults() throws Exception {
        ContainerConfig.Resources resources = new ContainerConfig.Resources(512, 50_000, 100_000, 64L << 20, 100, -998);
        ContainerConfig c = new ContainerConfig("c", 0, "img", List.of("/cmd"), List.of(), "", List.of(),
                List.of(new ContainerConfig.Mount("/data", Path.of("/host/data"), true, "rslave")), "c.log", false, false,
                true, resources, security(false, List.of(), List.of()), Map.of(), Map.of("a", "b"));
        Map<String, Object> spec = build(c, sandbox(false, true, false), 0);

        Map<String, Object> process = (Map<String, Object>) spec.get("process");
        assertThat(process).containsEntry("terminal", true).containsEntry("cwd", "/image-wd").containsEntry("oomScoreAdj", 0);
        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        List<Map<String, Object>> namespaces = (List<Map<String, Object>>) linux.get("namespaces");
        assertThat(namespaces).extracting(n -> n.get("type")).containsExactly("pid", "mount", "network", "uts");
        assertThat(namespaces.get(2).get("path")).isEqualTo(dir.resolve("sandbox/ns/net").toString());
        assertThat(linux).containsEntry("cgroupsPath", "/k/pod/c1");
        Map<String, Object> res = (Map<String, Object>) linux.get("resources");
        assertThat(res.get("cpu")).isEqualTo(Map.of("shares", 512L, "quota", 50_000L, "period", 100_000L));
        assertThat(res.get("memory")).isEqualTo(Map.of("limit", 64L << 20));
        assertThat(res.get("pids")).isEqualTo(Map.of("limit", 100L));
        assertThat((List<String>) linux.get("maskedPaths")).contains("/proc/kcore", "/sys/firmware");
        assertThat((List<String>) linux.get("readonlyPaths")).contains("/proc/sys");
        assertThat(((Map<String, Object>) linux.get("seccomp")).get("defaultAction")).isEqualTo("SCMP_ACT_ERRNO");
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) spec.get("mounts");
        assertThat(mounts).extracting(m -> m.get("destination")).contains("/proc", "/dev", "/dev/pts", "/dev/shm",
                "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname", "/data");
        assertThat(mounts.getLast()).containsEntry("source", "/host/data")
                .containsEntry("options", List.of("rbind", "ro", "rslave"));
        assertThat(spec.get("annotations")).isEqualTo(Map.of("a", "b"));
        // the lowest oom_score_adj the host allows wins over a lower request
        Map<String, Object> permissive = (Map<String, Object>) build(c, sandbox(false, true, false), -1000).get("process");
        assertThat(permissive).containsEntry("oomScoreAdj", -998);
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostNamespacesAndPrivilegedDropTheirParts() throws Exception {
        ContainerConfig c = new ContainerConfig("c", 0, "img", List.of("/cmd"), List.of(), "/wd", List.of(), List.of(),
                "c.log", false, false, false, ContainerConfig.Resources.NONE, security(true, List.of(), List.of()),
                Map.of(), Map.of());
        Map<String, Object> spec = build(c, sandbox(true, true, true), 0);
        Map<String, Object> linux = (Map<String, Object>) spec.get("linux");
        assertThat((List<Map<String, Object>>) linux.get("namespaces")).extracting(n -> n.get("type")).containsExactly("mount");
        assertThat(linux).doesNotContainKeys("maskedPaths", "readonlyPaths", "seccomp");
        assertThat(((Map<String, Object>) linux.get("resources")).get("devices"))
                .isEqualTo(List.of(Map.of("allow", true, "access", "rwm")));
        Map<String, Object> caps = (Map<String, Object>) ((Map<String, Object>) spec.get("process")).get("capabilities");
        assertThat((List<String>) caps.get("bounding")).hasSize(41).contains("CAP_SYS_ADMIN");
    }

    @Test
    void appArmorIsRefusedAndLocalhostSeccompIsRead() throws Exception {
        ContainerConfig.Security appArmor = new ContainerConfig.Security(null, null, List.of(), false, false, false,
                List.of(), List.of(), new ContainerConfig.Seccomp.Unconfined(), "localhost/my-profile");
        ContainerConfig c = new ContainerConfig("c", 0, "img", List.of("/cmd"), List.of(), "", List.of(), List.of(),
                "c.log", false, false, false, ContainerConfig.Resources.NONE, appArmor, Map.of(), Map.of());
        assertThatThrownBy(() -> build(c, sandbox(false, false, false), 0))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(RuntimeFailure.Reason.UNSUPPORTED))
                .hasMessageContaining("AppArmor");

        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\"defaultAction\":\"SCMP_ACT_LOG\"}");
        ContainerConfig.Security local = new ContainerConfig.Security(null, null, List.of(), false, false, false,
                List.of(), List.of(), new ContainerConfig.Seccomp.Localhost(profile), null);
        ContainerConfig withProfile = new ContainerConfig("c", 0, "img", List.of("/cmd"), List.of(), "", List.of(), List.of(),
                "c.log", false, false, false, ContainerConfig.Resources.NONE, local, Map.of(), Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> linux = (Map<String, Object>) build(withProfile, sandbox(false, false, false), 0).get("linux");
        assertThat(linux.get("seccomp")).isEqualTo(Map.of("defaultAction", "SCMP_ACT_LOG"));
    }

    @Test
    void recordsRoundTripThroughTheirStateFiles() {
        ContainerConfig c = new ContainerConfig("c", 2, "img", List.of("/cmd"), List.of("a"), "/wd", List.of("X=1"),
                List.of(new ContainerConfig.Mount("/m", Path.of("/h"), false, "private")), "c.log", true, true, false,
                ContainerConfig.Resources.NONE, security(false, List.of("NET_ADMIN"), List.of()), Map.of("l", "1"), Map.of("a", "2"));
        ContainerRecord record = new ContainerRecord("c1", "s1", c, "sha256:x", "img", "SIGTERM", Instant.parse("2026-01-02T03:04:05Z"),
                "/k/pod/c1", dir.resolve("log"));
        state.write(dir.resolve("c.json"), record);
        assertThat(state.read(dir.resolve("c.json"), ContainerRecord.class)).contains(record);
        SandboxRecord sandbox = new SandboxRecord("s1", sandbox(false, false, false), Instant.parse("2026-01-02T03:04:05Z"),
                List.of("10.0.0.2"), true, 42);
        state.write(dir.resolve("s.json"), sandbox);
        assertThat(state.read(dir.resolve("s.json"), SandboxRecord.class)).contains(sandbox);
        assertThat(state.read(dir.resolve("missing.json"), SandboxRecord.class)).isEmpty();
    }

    private Map<String, Object> build(ContainerConfig c, SandboxConfig sandbox, int floor) throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("etc"));
        ContainerRecord record = new ContainerRecord("c1", "s1", c, "sha256:x", "img", "SIGTERM", Instant.now(), "/k/pod/c1",
                dir.resolve("log"));
        SandboxRecord s = new SandboxRecord("s1", sandbox, Instant.now(), List.of(), false, 0);
        return OciSpec.build(record, s, image, rootfs, dir.resolve("sandbox"), floor, OciSpec.ALL_CAPABILITIES,
                state.json());
    }

    private static SandboxRecord record(SandboxConfig config) {
        return new SandboxRecord("s1", config, Instant.now(), List.of(), false, 0);
    }

    private static ContainerConfig config(List<String> command, List<String> args) {
        return new ContainerConfig("c", 0, "img", command, args, "", List.of(), List.of(), "c.log", false, false, false,
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
    }

    private static ContainerConfig withEnv(List<String> env) {
        return new ContainerConfig("c", 0, "img", List.of(), List.of(), "", env, List.of(), "c.log", false, false, false,
                ContainerConfig.Resources.NONE, ContainerConfig.Security.DEFAULT, Map.of(), Map.of());
    }

    private static ContainerConfig.Security security(boolean privileged, List<String> add, List<String> drop) {
        return new ContainerConfig.Security(null, null, List.of(), privileged, false, false, add, drop,
                new ContainerConfig.Seccomp.RuntimeDefault(), null);
    }

    private SandboxConfig sandbox(boolean hostPid, boolean hostIpc, boolean hostNetwork) {
        return new SandboxConfig("pod", "ns", "uid", 0, "pod-host", dir.resolve("logs"), null, List.of(), List.of(),
                hostNetwork, hostPid, hostIpc, false, "/pod", Map.of(), Map.of(), Map.of());
    }
}
