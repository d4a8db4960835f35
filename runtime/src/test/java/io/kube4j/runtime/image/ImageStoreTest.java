package io.kube4j.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.testing.TarWriter;
import io.kube4j.runtime.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Imports (OCI layout, docker-archive), the index shared between stores, remove and GC. */
class ImageStoreTest {

    @TempDir
    Path tmp;

    private static TestImages.Image small(String file, String content) {
        return TestImages.image(List.of(
                TarWriter.build(t -> t.dir("base", 0755).file("base/os", 0644, "tiny\n")),
                TarWriter.build(t -> t.file(file, 0644, content))), List.of("sh"));
    }

    @Test
    void importsAnOciLayoutDirectoryAndATarOfOne() throws Exception {
        TestImages.Image a = small("a", "aaa");
        TestImages.Image b = small("b", "bb");
        Path layout = TestImages.writeLayout(tmp.resolve("layout"), Map.of("example.com/a:1", a, "example.com/b:2", b));
        ImageStore store = new ImageStore(tmp.resolve("store"));

        List<ImageStatus> imported = store.importArchive(layout);
        assertThat(imported).extracting(ImageStatus::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.image("example.com/a:1")).map(ImageStatus::repoDigests).contains(
                List.of("example.com/a@" + a.manifestDigest()));
        assertThat(Files.readString(store.unpacked("example.com/b:2").orElseThrow().layers().get(1).resolve("b")))
                .isEqualTo("bb");
        // The shared base layer is unpacked once.
        assertThat(store.unpacked("example.com/a:1").orElseThrow().layers().getFirst())
                .isEqualTo(store.unpacked("example.com/b:2").orElseThrow().layers().getFirst());

        Path tar = TestImages.tar(layout, tmp.resolve("layout.tar"));
        ImageStore other = new ImageStore(tmp.resolve("store2"));
        assertThat(other.importArchive(tar)).extracting(ImageStatus::id).containsExactlyInAnyOrder(a.id(), b.id());
        Path gz = tmp.resolve("layout.tar.gz");
        Files.write(gz, TarWriter.gzip(Files.readAllBytes(tar)));
        assertThat(new ImageStore(tmp.resolve("store3")).importArchive(gz)).hasSize(2);
        try (var left = Files.list(tmp.resolve("store2/tmp"))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void bareTagRefNameImportsUntaggedAndCorruptBlobsAreRefused() throws Exception {
        TestImages.Image a = small("a", "aaa");
        Path layout = TestImages.writeLayout(tmp.resolve("layout"), Map.of("x.io/a:1", a));
        var json = JsonMapper.builder().build();
        var index = (tools.jackson.databind.node.ObjectNode) json.readTree(Files.readAllBytes(layout.resolve("index.json")));
        var annotations = (tools.jackson.databind.node.ObjectNode) index.path("manifests").get(0).path("annotations");
        annotations.remove("io.containerd.image.name");
        annotations.put("org.opencontainers.image.ref.name", "1"); // a bare tag, as skopeo and umoci write
        Files.write(layout.resolve("index.json"), json.writeValueAsBytes(index));
        ImageStore store = new ImageStore(tmp.resolve("store"));
        ImageStatus status = store.importArchive(layout).getFirst();
        assertThat(status.repoTags()).isEmpty();
        assertThat(store.image(a.id())).isPresent();

        Path layer = layout.resolve("blobs/sha256").resolve(Digests.hex(Digests.of(a.layers().get(1))));
        Files.write(layer, TarWriter.gzip(TarWriter.build(t -> t.file("evil", 0644, "x"))));
        ImageStore fresh = new ImageStore(tmp.resolve("fresh"));
        assertThatThrownBy(() -> fresh.importArchive(layout)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("has digest");
        assertThat(fresh.list()).isEmpty();
    }

    @Test
    void importsADockerArchiveWithPlainAndGzipLayers() throws Exception {
        byte[] l1 = TarWriter.build(t -> t.file("one", 0644, "1"));
        byte[] l2 = TarWriter.build(t -> t.file("two", 0644, "2"));
        TestImages.Image image = TestImages.image(List.of(l1, l2), List.of("sh"));
        String configName = Digests.hex(image.id()) + ".json";
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Config", configName);
        entry.put("RepoTags", List.of("app:v1", "registry.local:5000/team/app:v1"));
        entry.put("Layers", List.of("abc/layer.tar", "def/layer.tar.gz"));
        byte[] manifest = JsonMapper.builder().build().writeValueAsBytes(List.of(entry));
        Path archive = tmp.resolve("saved.tar");
        Files.write(archive, TarWriter.build(t -> t.file("manifest.json", 0644, manifest)
                .file(configName, 0644, image.config()).dir("abc", 0755).file("abc/layer.tar", 0644, l1)
                .dir("def", 0755).file("def/layer.tar.gz", 0644, TarWriter.gzip(l2))
                .symlink("ghi/layer.tar", "../abc/layer.tar")));
        ImageStore store = new ImageStore(tmp.resolve("store"));

        ImageStatus status = store.importArchive(archive).getFirst();
        assertThat(status.id()).isEqualTo(image.id());
        assertThat(status.repoTags()).containsExactly("docker.io/library/app:v1", "registry.local:5000/team/app:v1");
        assertThat(store.image("app:v1")).isPresent();
        List<Path> layers = store.unpacked("app:v1").orElseThrow().layers();
        assertThat(Files.readString(layers.get(0).resolve("one"))).isEqualTo("1");
        assertThat(Files.readString(layers.get(1).resolve("two"))).isEqualTo("2");
    }

    @Test
    void twoStoresOverOneDirectorySeeEachOther() {
        Path root = tmp.resolve("shared");
        ImageStore node = new ImageStore(root);
        ImageStore cli = new ImageStore(root);
        TestImages.Image a = small("a", "aaa");
        assertThat(node.image("example.com/a:1")).isEmpty();
        cli.importArchive(TestImages.writeLayout(tmp.resolve("l"), Map.of("example.com/a:1", a)));
        assertThat(node.image("example.com/a:1")).map(ImageStatus::id).contains(a.id());
        assertThat(node.unpacked("example.com/a:1")).isPresent();
        node.remove("example.com/a:1");
        assertThat(cli.list()).isEmpty();
        assertThat(cli.unpacked(a.id())).isEmpty();
    }

    @Test
    void concurrentWritersOverOneDirectoryLoseNoUpdate() throws Exception {
        Path root = tmp.resolve("shared");
        List<ImageStore> stores = List.of(new ImageStore(root), new ImageStore(root));
        List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    TestImages.Image image = small("f" + n, "content " + n);
                    ids.add(image.id());
                    stores.get(n % 2).importArchive(TestImages.writeLayout(tmp.resolve("c" + n),
                            Map.of("x.io/img" + n + ":1", image)));
                    return null;
                }));
            }
            for (var f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        for (ImageStore s : stores) {
            assertThat(s.list()).extracting(ImageStatus::id).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void removingATagKeepsTheImageUntilItsLastTag() {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        TestImages.Image a = small("a", "aaa");
        store.importArchive(TestImages.writeLayout(tmp.resolve("l1"), Map.of("example.com/a:1", a)));
        store.importArchive(TestImages.writeLayout(tmp.resolve("l2"), Map.of("example.com/a:2", a)));
        assertThat(store.image(a.id()).orElseThrow().repoTags()).containsExactly("example.com/a:1", "example.com/a:2");
        store.remove("example.com/a:1");
        assertThat(store.image(a.id()).orElseThrow().repoTags()).containsExactly("example.com/a:2");
        Path layer = store.unpacked(a.id()).orElseThrow().layers().get(1);
        store.remove("example.com/a:2");
        assertThat(store.list()).isEmpty();
        assertThat(layer).doesNotExist();
        assertThat(store.root().resolve("blobs/sha256").resolve(Digests.hex(a.id()))).doesNotExist();
        store.remove("example.com/unknown:1"); // no-op
    }

    @Test
    void aTagMovesToTheNewestImage() {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        TestImages.Image v1 = small("v", "1");
        TestImages.Image v2 = small("v", "2");
        store.importArchive(TestImages.writeLayout(tmp.resolve("l1"), Map.of("example.com/a:latest", v1)));
        store.importArchive(TestImages.writeLayout(tmp.resolve("l2"), Map.of("example.com/a:latest", v2)));
        assertThat(store.image("example.com/a").map(ImageStatus::id)).contains(v2.id());
        assertThat(store.image(v1.id()).orElseThrow().repoTags()).isEmpty();
    }

    @Test
    void removeUnusedFreesLeastRecentlyUsedFirstAndSparesImagesInUse() {
        MutableClock clock = new MutableClock();
        ImageStore store = new ImageStore(tmp.resolve("store"), ImageStoreOptions.defaults().withClock(clock));
        TestImages.Image a = small("a", "a".repeat(1000));
        TestImages.Image b = small("b", "b".repeat(1000));
        TestImages.Image c = small("c", "c".repeat(1000));
        store.importArchive(TestImages.writeLayout(tmp.resolve("la"), Map.of("x.io/a:1", a)));
        clock.advance(Duration.ofMinutes(1));
        store.importArchive(TestImages.writeLayout(tmp.resolve("lb"), Map.of("x.io/b:1", b)));
        clock.advance(Duration.ofMinutes(1));
        store.importArchive(TestImages.writeLayout(tmp.resolve("lc"), Map.of("x.io/c:1", c)));
        clock.advance(Duration.ofMinutes(1));
        store.unpacked("x.io/a:1"); // a container was made of a: most recently used now
        clock.advance(Duration.ofMinutes(1));

        long before = store.usage().usedBytes();
        ImageService.GcResult first = store.removeUnused(Set.of(c.id()), 1);
        assertThat(first.removedImageIds()).containsExactly(b.id());
        assertThat(first.freedBytes()).isGreaterThanOrEqualTo(1000);
        assertThat(store.usage().usedBytes()).isLessThanOrEqualTo(before - first.freedBytes());

        assertThat(store.removeUnused(Set.of(c.id()), Long.MAX_VALUE, Duration.ofHours(1)).removedImageIds()).isEmpty();
        ImageService.GcResult all = store.removeUnused(Set.of(c.id()), Long.MAX_VALUE);
        assertThat(all.removedImageIds()).containsExactly(a.id());
        assertThat(store.list()).extracting(ImageStatus::id).containsExactly(c.id());
        // The base layer a, b and c share stays for c.
        assertThat(store.unpacked(c.id()).orElseThrow().layers()).allMatch(Files::isDirectory);
    }

    @Test
    void importAllTakesEveryArchiveOfADirectoryAndSkipsJunk() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("preload"));
        TestImages.Image a = small("a", "aaa");
        TestImages.Image b = small("b", "bb");
        TestImages.writeLayout(dir.resolve("a-layout"), Map.of("x.io/a:1", a));
        TestImages.tar(TestImages.writeLayout(tmp.resolve("b-layout"), Map.of("x.io/b:1", b)), dir.resolve("b.tar"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageStore store = new ImageStore(tmp.resolve("store"));
        assertThat(store.importAll(dir)).extracting(ImageStatus::id).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.image("x.io/b:1")).isPresent();
    }

    @Test
    void usageReportsTheFilesystem() {
        ImageStore store = new ImageStore(tmp.resolve("store"));
        var usage = store.usage();
        assertThat(usage.capacityBytes()).isPositive();
        assertThat(usage.availableBytes()).isPositive().isLessThanOrEqualTo(usage.capacityBytes());
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
