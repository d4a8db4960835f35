package io.kube4j.kubelet.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.runtime.ImageService;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ImageGcTest {

    private static final long GB = 1_000_000_000L;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final FakeRuntime runtime = new FakeRuntime();
    private final ImageGc gc = new ImageGc(runtime, ImageGcPolicy.DEFAULT, clock);

    private static String id(int n) {
        return "sha256:%064d".formatted(n);
    }

    private void advance(Duration d) {
        now.set(now.get().plus(d));
    }

    @Test
    void belowTheHighThresholdNothingIsRemoved() {
        runtime.addImage(FakeRuntime.image(id(1), "a:1", GB));
        runtime.usage = new ImageService.ImageFsUsage(GB, 100 * GB, 16 * GB); // 84 % used
        gc.detectImages(now.get());
        advance(Duration.ofMinutes(10));
        ImageGc.Result r = gc.garbageCollect();
        assertThat(r.bytesToFree()).isZero();
        assertThat(runtime.removed).isEmpty();
    }

    @Test
    void aboveTheHighThresholdUnusedImagesGoLeastRecentlyUsedFirstUntilTheLowThreshold() {
        runtime.addImage(FakeRuntime.image(id(1), "never-used:1", 3 * GB));
        runtime.addImage(FakeRuntime.image(id(2), "used-long-ago:1", 2 * GB));
        runtime.addImage(FakeRuntime.image(id(3), "used-recently:1", 2 * GB));
        runtime.addImage(FakeRuntime.image(id(4), "in-use:1", 10 * GB));
        runtime.addSandbox("s", "pod-a", io.kube4j.runtime.SandboxStatus.State.READY, now.get());
        runtime.addContainer("c2", "s", "pod-a", "old", id(2), FakeRuntime.exited(now.get()));
        runtime.addContainer("c3", "s", "pod-a", "new", id(3), FakeRuntime.exited(now.get()));
        runtime.addContainer("c4", "s", "pod-a", "app", id(4), FakeRuntime.running(now.get()));
        gc.detectImages(now.get());
        runtime.containers.remove("c2");
        advance(Duration.ofMinutes(5));
        gc.detectImages(now.get());
        runtime.containers.remove("c3");
        advance(Duration.ofMinutes(5));

        // 90 % used: free 100 × 20 % − 10 = 10 GB... more than can be had without the image in use
        runtime.usage = new ImageService.ImageFsUsage(17 * GB, 100 * GB, 10 * GB);
        ImageGc.Result r = gc.garbageCollect();

        assertThat(r.bytesToFree()).isEqualTo(10 * GB);
        assertThat(r.removed()).containsExactly(id(1), id(2), id(3));
        assertThat(r.bytesFreed()).isEqualTo(7 * GB);
        assertThat(r.sufficient()).isFalse();
        assertThat(runtime.images).containsOnlyKeys(id(4));
    }

    @Test
    void stopsOnceEnoughIsFreed() {
        runtime.addImage(FakeRuntime.image(id(1), "a:1", 6 * GB));
        runtime.addImage(FakeRuntime.image(id(2), "b:1", 6 * GB));
        gc.detectImages(now.get());
        advance(Duration.ofMinutes(3));
        runtime.addImage(FakeRuntime.image(id(3), "c:1", 6 * GB)); // detected later: older by first-detection goes first
        advance(Duration.ofMinutes(3));
        runtime.usage = new ImageService.ImageFsUsage(18 * GB, 100 * GB, 15 * GB); // 85 %: free 20 - 15 = 5 GB
        ImageGc.Result r = gc.garbageCollect();
        assertThat(r.removed()).hasSize(1).first().isIn(id(1), id(2));
        assertThat(r.sufficient()).isTrue();
    }

    @Test
    void imagesYoungerThanTheMinimumAgeStay() {
        runtime.addImage(FakeRuntime.image(id(1), "fresh:1", 6 * GB));
        runtime.usage = new ImageService.ImageFsUsage(6 * GB, 100 * GB, 5 * GB);
        gc.detectImages(now.get());
        advance(Duration.ofSeconds(119));
        assertThat(gc.garbageCollect().removed()).isEmpty();
        advance(Duration.ofSeconds(1));
        assertThat(gc.garbageCollect().removed()).containsExactly(id(1));
    }

    @Test
    void deleteUnusedImagesRemovesEveryUnusedOldImage() {
        runtime.addImage(FakeRuntime.image(id(1), "a:1", GB));
        runtime.addImage(FakeRuntime.image(id(2), "b:1", GB));
        runtime.addSandbox("s", "p", io.kube4j.runtime.SandboxStatus.State.READY, now.get());
        runtime.addContainer("c", "s", "p", "x", id(2), FakeRuntime.exited(now.get()));
        gc.detectImages(now.get());
        advance(Duration.ofMinutes(3));
        assertThat(gc.deleteUnusedImages().removed()).containsExactly(id(1));
    }

    @Test
    void aFilesystemWithoutCapacityIsAnError() {
        runtime.usage = new ImageService.ImageFsUsage(0, 0, 0);
        assertThatThrownBy(gc::garbageCollect).hasMessageContaining("invalid capacity 0");
    }

    @Test
    void policyIsValidated() {
        assertThatThrownBy(() -> new ImageGcPolicy(80, 85, Duration.ZERO)).hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> new ImageGcPolicy(101, 80, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
