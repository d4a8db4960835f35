package io.kube4j.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPodsTest {

    @Test
    void reportsAddedChangedAndRemovedManifests(@TempDir Path dir) throws Exception {
        List<StaticPodChange> changes = new CopyOnWriteArrayList<>();
        Files.writeString(dir.resolve("web.yaml"), StaticPodManifestsTest.WEB_YAML);
        try (StaticPods source = StaticPods.start(dir, "n1", Duration.ofHours(1), changes::add)) {
            // the first read happens before start returns
            assertThat(changes).singleElement().isInstanceOf(StaticPodChange.Added.class);
            String firstUid = changes.getFirst().pod().getMetadata().getUid();
            assertThat(changes.getFirst().pod().getMetadata().getAnnotations()).containsKey(StaticPodAnnotations.CONFIG_SEEN);
            assertThat(source.pods()).hasSize(1);

            // the watch sees a change without waiting for the (hour-long) period
            Files.writeString(dir.resolve("web.yaml"), StaticPodManifestsTest.WEB_YAML.replace("nginx:1.27", "nginx:1.28"));
            await(() -> changes.size() >= 3);
            assertThat(changes.get(1)).isInstanceOf(StaticPodChange.Removed.class);
            assertThat(changes.get(1).pod().getMetadata().getUid()).isEqualTo(firstUid);
            assertThat(changes.get(2)).isInstanceOf(StaticPodChange.Added.class);
            assertThat(changes.get(2).pod().getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1.28");

            // a broken rewrite keeps the pod that ran
            Files.writeString(dir.resolve("web.yaml"), "kind: [");
            source.rescan();
            assertThat(source.pods()).hasSize(1);
            assertThat(changes).hasSize(3);

            Files.delete(dir.resolve("web.yaml"));
            await(() -> changes.size() >= 4);
            assertThat(changes.get(3)).isInstanceOf(StaticPodChange.Removed.class);
            assertThat(source.pods()).isEmpty();
        }
    }

    @Test
    void anUnchangedManifestIsNotReportedAgain(@TempDir Path dir) throws IOException {
        List<StaticPodChange> changes = new CopyOnWriteArrayList<>();
        Files.writeString(dir.resolve("web.yaml"), StaticPodManifestsTest.WEB_YAML);
        try (StaticPods source = StaticPods.start(dir, "n1", Duration.ofHours(1), changes::add)) {
            String seen = source.pods().getFirst().getMetadata().getAnnotations().get(StaticPodAnnotations.CONFIG_SEEN);
            source.rescan();
            source.rescan();
            assertThat(changes).hasSize(1);
            assertThat(source.pods().getFirst().getMetadata().getAnnotations().get(StaticPodAnnotations.CONFIG_SEEN)).isEqualTo(seen);
        }
    }

    @Test
    void aManifestDirectoryThatAppearsLaterIsRead(@TempDir Path parent) throws Exception {
        List<StaticPodChange> changes = new CopyOnWriteArrayList<>();
        Path dir = parent.resolve("manifests");
        try (StaticPods source = StaticPods.start(dir, "n1", Duration.ofHours(1), changes::add)) {
            assertThat(changes).isEmpty();
            Path tmp = parent.resolve("staging");
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve("web.yaml"), StaticPodManifestsTest.WEB_YAML);
            Files.move(tmp, dir);
            await(() -> changes.size() == 1);
            assertThat(source.pods()).singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo("web-n1"));
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(50);
        }
    }
}
