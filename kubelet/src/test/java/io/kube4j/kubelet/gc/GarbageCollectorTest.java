package io.kube4j.kubelet.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest {

    @Test
    void collectsPeriodicallyAndReportsWhatItCouldNotFree() throws InterruptedException {
        FakeRuntime runtime = new FakeRuntime();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        runtime.addSandbox("s", "gone", SandboxStatus.State.NOT_READY, t);
        runtime.addContainer("dead", "s", "gone", "app", "img", FakeRuntime.exited(t));
        runtime.addImage(FakeRuntime.image("sha256:" + "1".repeat(64), "in-use:1", 1000));
        runtime.addContainer("live", "s2", "known", "app", "sha256:" + "1".repeat(64), FakeRuntime.running(t));
        runtime.usage = new ImageService.ImageFsUsage(1000, 10_000, 100); // 99 % used, nothing removable
        List<String> warnings = new CopyOnWriteArrayList<>();
        ContainerGc containers = new ContainerGc(runtime, ContainerGcPolicy.DEFAULT, () -> Set.of("known"), () -> true, null, InstantSource.system());
        ImageGc images = new ImageGc(runtime, ImageGcPolicy.DEFAULT, InstantSource.system());
        try (GarbageCollector gc = GarbageCollector.start(containers, images, Duration.ofMillis(50), Duration.ofMillis(50),
                (reason, message) -> warnings.add(reason + ": " + message))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((runtime.containers.containsKey("dead") || warnings.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(runtime.containers).doesNotContainKey("dead").containsKey("live");
        assertThat(runtime.sandboxes).doesNotContainKey("s");
        assertThat(runtime.images).hasSize(1);
        assertThat(warnings.getFirst()).isEqualTo("FreeDiskSpaceFailed: Failed to garbage collect required amount of images. "
                + "Attempted to free 1900 bytes, but only found 0 bytes eligible to free.");
    }
}
