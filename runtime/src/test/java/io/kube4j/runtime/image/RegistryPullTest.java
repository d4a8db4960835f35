package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeFailure.Reason;
import io.kube4j.runtime.testing.TarWriter;
import io.kube4j.runtime.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Pulls against a fake Distribution API: auth flows, errors, digest checks, index selection, dedupe. */
class RegistryPullTest {

    private static final RegistryAuth ALICE = new RegistryAuth("alice", "secret", null);

    @TempDir
    Path root;

    private FakeRegistry registry;
    private ImageStore store;
    private TestImages.Image image;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        store = new ImageStore(root);
        image = TestImages.image(List.of(
                TarWriter.build(t -> t.dir("etc", 0755).file("etc/motd", 0644, "hello\n")),
                TarWriter.build(t -> t.dir("app", 0755).file("app/run", 0755, "#!/bin/sh\necho run\n"))),
                List.of("/app/run"));
        registry.put("team/app", "1.0", image);
    }

    @AfterEach
    void stop() {
        store.close();
        registry.close();
    }

    private String ref(String rest) {
        return registry.address() + "/" + rest;
    }

    @Test
    void anonymousPullUnpacksLayersAndRecordsNames() throws Exception {
        ImageStatus status = store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS);

        assertThat(status.id()).isEqualTo(image.id());
        assertThat(status.repoTags()).containsExactly(ref("team/app:1.0"));
        assertThat(status.repoDigests()).containsExactly(ref("team/app@" + image.manifestDigest()));
        assertThat(status.config().cmd()).containsExactly("/app/run");
        assertThat(status.sizeBytes()).isEqualTo(6 + 19);
        ImageRootfs.UnpackedImage unpacked = store.unpacked(ref("team/app:1.0")).orElseThrow();
        assertThat(unpacked.layers()).hasSize(2);
        assertThat(Files.readString(unpacked.layers().get(0).resolve("etc/motd"))).isEqualTo("hello\n");
        assertThat(unpacked.layers().get(1).resolve("app/run")).isExecutable();
        for (String name : List.of(image.id(), image.id().substring(7), ref("team/app:1.0"),
                ref("team/app@" + image.manifestDigest()))) {
            assertThat(store.image(name)).as(name).map(ImageStatus::id).contains(image.id());
        }
        assertThat(store.image(ref("team/app:2.0"))).isEmpty();
        // Compressed layers are not kept once unpacked; nothing is left in tmp.
        assertThat(Files.exists(root.resolve("blobs/sha256").resolve(Digests.hex(Digests.of(image.layers().get(0)))))).isFalse();
        try (var tmp = Files.list(root.resolve("tmp"))) {
            assertThat(tmp.toList()).isEmpty();
        }
    }

    @Test
    void bearerTokenFetchedOnceWithCredentials() {
        registry.auth = FakeRegistry.Auth.BEARER;
        ImageStatus status = store.pull(ref("team/app:1.0"), ALICE);
        assertThat(status.id()).isEqualTo(image.id());
        assertThat(registry.tokenRequests.get()).isEqualTo(1);
    }

    @Test
    void blobRedirectsAreFollowedWithoutTheRegistryCredentials() {
        registry.auth = FakeRegistry.Auth.BEARER;
        registry.redirectBlobs = true;
        assertThat(store.pull(ref("team/app:1.0"), ALICE).id()).isEqualTo(image.id());
        assertThat(registry.storageRequests.get()).isEqualTo(3); // config and two layers
        assertThat(registry.storageRequestsWithAuthorization.get()).isZero();
    }

    @Test
    void bearerWithWrongPasswordIsAnAuthFailure() {
        registry.auth = FakeRegistry.Auth.BEARER;
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), new RegistryAuth("alice", "wrong", null)))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_AUTH))
                .hasMessageContaining("failed to resolve reference \"" + ref("team/app:1.0") + "\"")
                .hasMessageContaining("failed to fetch oauth token");
    }

    @Test
    void anonymousTokenWithoutAccessIsAnAuthFailure() {
        registry.auth = FakeRegistry.Auth.BEARER;
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_AUTH))
                .hasMessageContaining("pull access denied");
        assertThat(registry.tokenRequests.get()).isEqualTo(1);
    }

    @Test
    void basicAuth() {
        registry.auth = FakeRegistry.Auth.BASIC;
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_AUTH));
        assertThat(store.pull(ref("team/app:1.0"), ALICE).id()).isEqualTo(image.id());
    }

    @Test
    void unknownManifestIsNotFound() {
        assertThatThrownBy(() -> store.pull(ref("team/nope"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_NOT_FOUND))
                .hasMessage("failed to resolve reference \"" + ref("team/nope:latest") + "\": " + ref("team/nope:latest")
                        + ": not found");
    }

    @Test
    void invalidNameAndUnreachableRegistry() {
        assertThatThrownBy(() -> store.pull("Bad/Name", RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.INVALID_IMAGE_NAME))
                .hasMessageContaining("Bad/Name");
        registry.close();
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_PULL))
                .hasMessageContaining("failed to do request");
    }

    @Test
    void manifestDigestMismatchIsRefused() {
        registry.lieAboutDigest = true;
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_PULL))
                .hasMessageContaining("manifest digest mismatch");
        registry.lieAboutDigest = false;
        String other = Digests.of("other".getBytes(StandardCharsets.UTF_8));
        registry.manifests.put("team/app:" + other, image.manifest());
        assertThatThrownBy(() -> store.pull(ref("team/app@" + other), RegistryAuth.ANONYMOUS))
                .hasMessageContaining("manifest digest mismatch");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void corruptLayerIsRefusedAndNothingIsRecorded() throws Exception {
        String layerDigest = Digests.of(image.layers().get(1));
        registry.blobs.put(layerDigest, TarWriter.gzip(TarWriter.build(t -> t.file("evil", 0644, "x"))));
        assertThatThrownBy(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS))
                .isInstanceOfSatisfying(RuntimeFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.IMAGE_PULL))
                .hasMessageContaining("unexpected commit digest")
                .hasMessageContaining(layerDigest);
        assertThat(store.list()).isEmpty();
        try (var layers = Files.list(root.resolve("layers"))) {
            assertThat(layers.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
        }
    }

    @Test
    void indexIsNarrowedToTheHostPlatform() {
        TestImages.Image arm = TestImages.image(List.of(TarWriter.build(t -> t.file("arm", 0644, "arm"))), List.of("sh"));
        registry.put("team/multi", "arm-only", arm);
        registry.put("team/multi", "host-only", image);
        String host = Manifests.hostPlatform();
        String foreign = host.equals("linux/arm64") ? "amd64" : "arm64";
        byte[] index = JsonMapper.builder().build().writeValueAsBytes(Map.of("schemaVersion", 2,
                "mediaType", MediaTypes.OCI_INDEX, "manifests", List.of(
                        entry(arm, "linux", foreign), entry(image, "linux", host.substring(6)))));
        registry.putManifest("team/multi", "1", index, MediaTypes.OCI_INDEX);

        ImageStatus status = store.pull(ref("team/multi:1"), RegistryAuth.ANONYMOUS);
        assertThat(status.id()).isEqualTo(image.id());
        assertThat(status.repoDigests()).containsExactly(ref("team/multi@" + Digests.of(index)));

        byte[] foreignOnly = JsonMapper.builder().build().writeValueAsBytes(Map.of("schemaVersion", 2,
                "mediaType", MediaTypes.OCI_INDEX, "manifests", List.of(entry(arm, "linux", foreign))));
        registry.putManifest("team/multi", "2", foreignOnly, MediaTypes.OCI_INDEX);
        assertThatThrownBy(() -> store.pull(ref("team/multi:2"), RegistryAuth.ANONYMOUS))
                .hasMessageContaining("no match for platform " + host);
    }

    private static Map<String, Object> entry(TestImages.Image image, String os, String arch) {
        Map<String, Object> d = TestImages.descriptor(MediaTypes.OCI_MANIFEST, image.manifest());
        d.put("platform", Map.of("os", os, "architecture", arch));
        return d;
    }

    @Test
    void concurrentPullsOfOneImageShareOneDownload() throws Exception {
        registry.blobDelayMillis = 300;
        List<Future<ImageStatus>> pulls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                pulls.add(pool.submit(() -> store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS)));
            }
            for (Future<ImageStatus> f : pulls) {
                assertThat(f.get(20, TimeUnit.SECONDS).id()).isEqualTo(image.id());
            }
        }
        assertThat(registry.hits("/manifests/1.0")).isEqualTo(1);
        for (byte[] layer : image.layers()) {
            assertThat(registry.hits("/blobs/" + Digests.of(layer))).isEqualTo(1);
        }
        assertThat(registry.hits("/blobs/" + image.id())).isEqualTo(1);
        // Pulling again re-resolves the tag but downloads no layer already unpacked.
        store.pull(ref("team/app:1.0"), RegistryAuth.ANONYMOUS);
        assertThat(registry.hits("/manifests/1.0")).isEqualTo(2);
        assertThat(registry.hits("/blobs/" + Digests.of(image.layers().get(0)))).isEqualTo(1);
    }
}
