package io.kube4j.kubelet.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.kube4j.kubelet.config.MapObjectSource;
import io.kube4j.kubelet.config.TestPods;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumeManagerTest {

    @TempDir
    Path root;

    private final MapObjectSource source = new MapObjectSource();
    private PodVolumeManager manager;
    private Path podDir;

    @BeforeEach
    void setUp() {
        manager = new PodVolumeManager(root.resolve("pods"), source, (ns, sa, aud, exp, pod, uid) -> {
            throw new java.io.IOException("no tokens in this test");
        }, "node-1", Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")), false, Clock.systemUTC());
        podDir = root.resolve("pods").resolve(TestPods.UID);
        source.put(new ConfigMapBuilder().withNewMetadata().withName("app").withNamespace("shop").endMetadata()
                .withData(Map.of("mode", "fast", "level", "3", "old", "x")).build());
        source.put(new SecretBuilder().withNewMetadata().withName("creds").withNamespace("shop").endMetadata()
                .withData(Map.of("password", Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))).build());
    }

    private static Pod pod(Volume... volumes) {
        return TestPods.pod().editSpec().withVolumes(volumes).endSpec().build();
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void configMapAllKeysItemsModesAndUpdates() throws Exception {
        Pod pod = pod(
                new VolumeBuilder().withName("all").withNewConfigMap().withName("app").endConfigMap().build(),
                new VolumeBuilder().withName("some").withNewConfigMap().withName("app").withDefaultMode(0600)
                        .addNewItem().withKey("mode").withPath("conf/mode.txt").endItem()
                        .addNewItem().withKey("level").withPath("level").withMode(0440).endItem().endConfigMap().build());
        PodVolumes v = manager.setUp(pod);
        Path all = v.byName().get("all").path();
        assertThat(all).isEqualTo(podDir.resolve("volumes/kubernetes.io~configmap/all"));
        assertThat(v.byName().get("all").readOnly()).isTrue();
        assertThat(Files.readString(all.resolve("mode"))).isEqualTo("fast");
        assertThat(perms(all.resolve("mode"))).isEqualTo("rw-r--r--");
        Path some = v.byName().get("some").path();
        assertThat(Files.readString(some.resolve("conf/mode.txt"))).isEqualTo("fast");
        assertThat(perms(some.resolve("conf/mode.txt"))).isEqualTo("rw-------");
        assertThat(perms(some.resolve("level"))).isEqualTo("r--r-----");
        assertThat(Files.exists(some.resolve("mode"))).isFalse();

        // an update is seen through the ..data symlink a container has mounted (the volume dir)
        source.put(new ConfigMapBuilder().withNewMetadata().withName("app").withNamespace("shop").endMetadata()
                .withData(Map.of("mode", "slow", "level", "3")).build());
        manager.setUp(pod);
        assertThat(Files.readString(all.resolve("..data/mode"))).isEqualTo("slow");
        assertThat(Files.readString(some.resolve("conf/mode.txt"))).isEqualTo("slow");
        assertThat(Files.exists(all.resolve("old"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void missingConfigMapAndKeys() throws Exception {
        assertThatThrownBy(() -> manager.setUp(pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("gone").endConfigMap().build())))
                .isInstanceOf(VolumeException.class)
                .hasMessage("MountVolume.SetUp failed for volume \"cfg\" : configmap \"gone\" not found")
                .extracting(e -> ((VolumeException) e).volume()).isEqualTo("cfg");
        PodVolumes v = manager.setUp(pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("gone").withOptional(true)
                .endConfigMap().build()));
        assertThat(Files.exists(v.byName().get("cfg").path().resolve("..data"))).isTrue();
        assertThatThrownBy(() -> manager.setUp(pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app")
                .addNewItem().withKey("nokey").withPath("x").endItem().endConfigMap().build())))
                .hasMessage("MountVolume.SetUp failed for volume \"cfg\" : configmap references non-existent config key: nokey");
        manager.setUp(pod(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").withOptional(true)
                .addNewItem().withKey("nokey").withPath("x").endItem().endConfigMap().build()));
    }

    @Test
    void secret() throws Exception {
        PodVolumes v = manager.setUp(pod(new VolumeBuilder().withName("s").withNewSecret().withSecretName("creds").withDefaultMode(0400)
                .endSecret().build()));
        Path dir = v.byName().get("s").path();
        assertThat(dir).isEqualTo(podDir.resolve("volumes/kubernetes.io~secret/s"));
        assertThat(Files.readString(dir.resolve("password"))).isEqualTo("s3cret");
        assertThat(perms(dir.resolve("password"))).isEqualTo("r--------");
        assertThatThrownBy(() -> manager.setUp(pod(new VolumeBuilder().withName("s").withNewSecret().withSecretName("gone").endSecret().build())))
                .hasMessage("MountVolume.SetUp failed for volume \"s\" : secret \"gone\" not found");
        assertThatThrownBy(() -> manager.setUp(pod(new VolumeBuilder().withName("s").withNewSecret().withSecretName("creds")
                .addNewItem().withKey("x").withPath("x").endItem().endSecret().build())))
                .hasMessage("MountVolume.SetUp failed for volume \"s\" : references non-existent secret key: x");
    }

    @Test
    void downwardApi() throws Exception {
        Pod pod = TestPods.pod().editSpec().withVolumes(new VolumeBuilder().withName("info").withNewDownwardAPI()
                        .addNewItem().withPath("labels").withNewFieldRef("v1", "metadata.labels").endItem()
                        .addNewItem().withPath("name").withNewFieldRef("v1", "metadata.name").withMode(0600).endItem()
                        .addNewItem().withPath("mem").withResourceFieldRef(new io.fabric8.kubernetes.api.model.ResourceFieldSelector("app", new Quantity("1Mi"), "limits.memory")).endItem()
                        .endDownwardAPI().build())
                .endSpec().build();
        Path dir = manager.setUp(pod).byName().get("info").path();
        assertThat(dir).isEqualTo(podDir.resolve("volumes/kubernetes.io~downward-api/info"));
        assertThat(Files.readString(dir.resolve("labels"))).isEqualTo("app=\"web\"\ntier=\"front\"");
        assertThat(Files.readString(dir.resolve("name"))).isEqualTo("web");
        assertThat(perms(dir.resolve("name"))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("mem"))).isEqualTo("8192");
        Pod bad = TestPods.pod().editSpec().withVolumes(new VolumeBuilder().withName("info").withNewDownwardAPI()
                .addNewItem().withPath("x").withNewFieldRef("v1", "status.podIP").endItem().endDownwardAPI().build()).endSpec().build();
        assertThatThrownBy(() -> manager.setUp(bad)).hasMessage("MountVolume.SetUp failed for volume \"info\" : unsupported fieldPath: status.podIP");
    }

    @Test
    void projectedWithoutTokens() throws Exception {
        Pod pod = pod(new VolumeBuilder().withName("all").withNewProjected().withDefaultMode(0640)
                .addNewSource().withNewConfigMap().withName("app").addNewItem().withKey("mode").withPath("cfg/mode").endItem().endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("creds").endSecret().endSource()
                .addNewSource().withNewDownwardAPI().addNewItem().withPath("ns").withNewFieldRef("v1", "metadata.namespace").endItem()
                .endDownwardAPI().endSource()
                .endProjected().build());
        Path dir = manager.setUp(pod).byName().get("all").path();
        assertThat(dir).isEqualTo(podDir.resolve("volumes/kubernetes.io~projected/all"));
        assertThat(Files.readString(dir.resolve("cfg/mode"))).isEqualTo("fast");
        assertThat(Files.readString(dir.resolve("password"))).isEqualTo("s3cret");
        assertThat(Files.readString(dir.resolve("ns"))).isEqualTo("shop");
        assertThat(perms(dir.resolve("password"))).isEqualTo("rw-r-----");
        Pod missing = pod(new VolumeBuilder().withName("all").withNewProjected()
                .addNewSource().withNewConfigMap().withName("gone1").endConfigMap().endSource()
                .addNewSource().withNewSecret().withName("gone2").endSecret().endSource()
                .addNewSource().withNewServiceAccountToken().withPath("token").endServiceAccountToken().endSource()
                .endProjected().build());
        assertThatThrownBy(() -> manager.setUp(missing)).hasMessage(
                "MountVolume.SetUp failed for volume \"all\" : [configmap \"gone1\" not found, secret \"gone2\" not found, no tokens in this test]");
    }

    @Test
    void serviceAccountTokenIsRenewedAt80PercentOfItsLife() throws Exception {
        var now = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return now.get(); }
        };
        var requests = new java.util.ArrayList<String>();
        TokenSource tokens = (ns, sa, aud, exp, podName, uid) -> {
            requests.add(ns + "/" + sa + " " + aud + " " + exp + " " + podName + " " + uid);
            return new TokenSource.Token("token-" + requests.size(), now.get().plusSeconds(exp));
        };
        var m = new PodVolumeManager(root.resolve("pods"), source, tokens, "node-1", Map.of(), false, clock);
        Pod pod = pod(new VolumeBuilder().withName("kube-api").withNewProjected()
                .addNewSource().withNewServiceAccountToken().withAudience("api").withExpirationSeconds(1000L).withPath("token")
                .endServiceAccountToken().endSource().endProjected().build());
        Path dir = m.setUp(pod).byName().get("kube-api").path();
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-1");
        assertThat(requests).containsExactly("shop/builder [api] 1000 web " + TestPods.UID);
        now.set(now.get().plusSeconds(790));
        m.setUp(pod);
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-1");
        now.set(now.get().plusSeconds(20));
        m.setUp(pod);
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void emptyDirAndTearDown() throws Exception {
        Path host = Files.createDirectories(root.resolve("host"));
        Files.writeString(host.resolve("keep"), "mine");
        Pod pod = pod(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("host").withNewHostPath().withPath(host.toString()).withType("Directory").endHostPath().build());
        PodVolumes v = manager.setUp(pod);
        Path scratch = v.byName().get("scratch").path();
        assertThat(scratch).isEqualTo(podDir.resolve("volumes/kubernetes.io~empty-dir/scratch"));
        assertThat(perms(scratch)).isEqualTo("rwxrwxrwx");
        Files.writeString(scratch.resolve("f"), "x");
        Files.createSymbolicLink(scratch.resolve("link-to-host"), host);
        assertThat(manager.setUp(pod).byName().get("scratch").path()).isEqualTo(scratch);
        assertThat(Files.exists(scratch.resolve("f"))).isTrue();
        manager.tearDown(TestPods.UID);
        assertThat(Files.exists(podDir)).isFalse();
        assertThat(Files.readString(host.resolve("keep"))).isEqualTo("mine");
        manager.tearDown(TestPods.UID);
    }

    @Test
    void memoryEmptyDirNeedsRoot() {
        Pod pod = pod(new VolumeBuilder().withName("m").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
        assertThatThrownBy(() -> manager.setUp(pod)).hasMessage(
                "MountVolume.SetUp failed for volume \"m\" : a memory-backed emptyDir needs a tmpfs mount, which needs root");
    }

    @Test
    void persistentVolumeClaims() throws Exception {
        Path local = Files.createDirectories(root.resolve("local-pv"));
        source.put(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("shop").endMetadata()
                .withNewSpec().withVolumeName("pv-1").endSpec().withNewStatus().withPhase("Bound").endStatus().build());
        source.put(new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withNewLocal().withPath(local.toString()).endLocal().endSpec().build());
        Pod pod = pod(new VolumeBuilder().withName("d").withNewPersistentVolumeClaim("data", true).build());
        assertThat(manager.setUp(pod).byName().get("d")).isEqualTo(new HostVolume(local, true));

        source.put(new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withNewHostPath().withPath(root.resolve("made").toString()).withType("DirectoryOrCreate").endHostPath().endSpec().build());
        assertThat(manager.setUp(pod).byName().get("d").path()).isEqualTo(root.resolve("made"));
        assertThat(Files.isDirectory(root.resolve("made"))).isTrue();

        source.put(new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata().withNewSpec()
                .withNewNfs().withServer("nfs").withPath("/x").endNfs().endSpec().build());
        assertThatThrownBy(() -> manager.setUp(pod)).hasMessageContaining("only hostPath and local volumes are supported");

        source.put(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").withNamespace("shop").endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus().build());
        assertThatThrownBy(() -> manager.setUp(pod)).hasMessage("MountVolume.SetUp failed for volume \"d\" : "
                + "PVC shop/data has non-bound phase (\"Pending\") or empty pvc.Spec.VolumeName (\"\")");
        Pod none = pod(new VolumeBuilder().withName("d").withNewPersistentVolumeClaim("nope", false).build());
        assertThatThrownBy(() -> manager.setUp(none)).hasMessage(
                "MountVolume.SetUp failed for volume \"d\" : persistentvolumeclaim \"nope\" not found");
    }

    @Test
    void unsupportedVolumeType() {
        Pod pod = pod(new VolumeBuilder().withName("n").withNewNfs().withServer("s").withPath("/p").endNfs().build());
        assertThatThrownBy(() -> manager.setUp(pod)).hasMessageStartingWith(
                "MountVolume.SetUp failed for volume \"n\" : volume type not supported by this kubelet");
    }

    @Test
    void tmpfsForMemoryEmptyDirAndSecretsAsRoot() throws Exception {
        assumeTrue(Tmpfs.canMount(), "tmpfs mounts need root");
        var m = new PodVolumeManager(root.resolve("pods"), source, (a, b, c, d, e, f) -> null, "node-1", Map.of(), true, Clock.systemUTC());
        try {
            Pod pod = pod(new VolumeBuilder().withName("m").withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("8Mi"))
                            .endEmptyDir().build(),
                    new VolumeBuilder().withName("s").withNewSecret().withSecretName("creds").endSecret().build());
            PodVolumes v = m.setUp(pod);
            m.setUp(pod);
            List<String> mounts = Tmpfs.mountPoints();
            String memDir = v.byName().get("m").path().toString();
            assertThat(mounts).contains(memDir, v.byName().get("s").path().toString());
            assertThat(mounts.stream().filter(memDir::equals)).hasSize(1);
            String options = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.split(" ")[4].equals(memDir)).findFirst().orElseThrow();
            assertThat(options).contains("size=8192k");
            assertThat(Files.readString(v.byName().get("s").path().resolve("password"))).isEqualTo("s3cret");
        } finally {
            m.tearDown(TestPods.UID);
        }
        assertThat(Tmpfs.mountPoints()).noneMatch(p -> p.startsWith(podDir.toString()));
        assertThat(Files.exists(podDir)).isFalse();
    }

    @Test
    void fsGroupOwnsTheVolumesAsRoot() throws Exception {
        assumeTrue(Tmpfs.canMount(), "changing a file's group needs root");
        var m = new PodVolumeManager(root.resolve("pods"), source, (a, b, c, d, e, f) -> null, "node-1", Map.of(), true, Clock.systemUTC());
        Pod pod = TestPods.pod().editSpec().withNewSecurityContext().withFsGroup(4321L).endSecurityContext()
                .withVolumes(new VolumeBuilder().withName("cfg").withNewConfigMap().withName("app").withDefaultMode(0600).endConfigMap().build(),
                        new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build())
                .endSpec().build();
        try {
            PodVolumes v = m.setUp(pod);
            Path mode = v.byName().get("cfg").path().resolve("..data/mode");
            assertThat(Files.getAttribute(mode, "unix:gid")).isEqualTo(4321);
            assertThat(perms(mode)).isEqualTo("rw-r-----");
            Path scratch = v.byName().get("scratch").path();
            assertThat(Files.getAttribute(scratch, "unix:gid")).isEqualTo(4321);
            assertThat((Integer) Files.getAttribute(scratch, "unix:mode") & 02000).isEqualTo(02000);
        } finally {
            m.tearDown(TestPods.UID);
        }
    }
}
