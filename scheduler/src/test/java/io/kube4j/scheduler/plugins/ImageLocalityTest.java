package io.kube4j.scheduler.plugins;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.scheduler.framework.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kube4j.scheduler.testing.Fixtures.container;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.withImages;
import static io.kube4j.scheduler.testing.PluginHarness.scores;
import static org.assertj.core.api.Assertions.assertThat;

class ImageLocalityTest {

    private static final long MB = 1024L * 1024;

    record Case(String name, List<String> images, long[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** node1 has big:1 (250 MB) and small (10 MB); node2 has shared (3000 MB); node3 has shared and nothing else. */
    private static Snapshot cluster() {
        return Snapshot.of(List.of(
                withImages(node("node1").build(), new ContainerImage(List.of("big:1"), 250 * MB), new ContainerImage(List.of("small"), 10 * MB)),
                withImages(node("node2").build(), new ContainerImage(List.of("shared:2"), 3000 * MB)),
                withImages(node("node3").build(), new ContainerImage(List.of("shared:2"), 3000 * MB))), List.of());
    }

    static Stream<Case> cases() {
        return Stream.of(
                // 250 MB on 1 of 3 nodes -> 83.33 MB; 100 * (83.33 - 23) / (1000 - 23) = 6
                new Case("a big image on one node", List.of("big:1"), new long[]{6, 0, 0}),
                // below the 23 MB floor counts as nothing
                new Case("a small image scores nothing", List.of("small:latest"), new long[]{0, 0, 0}),
                // 3000 MB on 2 of 3 nodes -> 2000 MB, clamped to 1000 MB per container
                new Case("a huge image clamps at the per-container ceiling", List.of("shared:2"), new long[]{0, 100, 100}),
                // two containers: 2000 MB fills the doubled ceiling exactly
                new Case("two containers double the ceiling", List.of("shared:2", "other"), new long[]{0, 100, 100}),
                // 83.33 MB against a 2000 MB ceiling: 100 * 60.33 / 1977 = 3
                new Case("a second container dilutes the score", List.of("big:1", "other"), new long[]{3, 0, 0}),
                new Case("an untagged name means latest", List.of("big"), new long[]{0, 0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void score(Case c) {
        Pod p = pod("p").build();
        p.getSpec().setContainers(c.images().stream().map(img -> {
            var ct = container(img.replaceAll("[^a-z0-9]", ""));
            ct.setImage(img);
            return ct;
        }).toList());
        assertThat(scores(new ImageLocality(), p, cluster())).containsExactly(c.expected());
    }
}
