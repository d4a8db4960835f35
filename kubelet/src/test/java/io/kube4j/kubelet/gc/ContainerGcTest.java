package io.kube4j.kubelet.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.runtime.SandboxStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerGcTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeRuntime runtime = new FakeRuntime();
    private final AtomicBoolean ready = new AtomicBoolean(true);

    private ContainerGc gc(Set<String> known, Path logs) {
        return new ContainerGc(runtime, ContainerGcPolicy.DEFAULT, () -> known, ready::get, logs, InstantSource.fixed(T.plusSeconds(3600)));
    }

    @Test
    void keepsTheNewestDeadContainerPerPodContainerAndNeverARunningOne() {
        runtime.addSandbox("s1", "known", SandboxStatus.State.READY, T);
        runtime.addContainer("app-0", "s1", "known", "app", "img", FakeRuntime.exited(T));
        runtime.addContainer("app-1", "s1", "known", "app", "img", FakeRuntime.exited(T.plusSeconds(10)));
        runtime.addContainer("app-2", "s1", "known", "app", "img", FakeRuntime.running(T.plusSeconds(20)));
        runtime.addContainer("init-0", "s1", "known", "init", "img", FakeRuntime.exited(T.plusSeconds(1)));

        ContainerGc.Result r = gc(Set.of("known"), null).collect();

        assertThat(r.containers()).containsExactly("app-0");
        assertThat(runtime.containers).containsOnlyKeys("app-1", "app-2", "init-0");
        assertThat(r.sandboxes()).isEmpty();
    }

    @Test
    void everythingDeadOfAnUnknownPodGoesButOnlyOnceSourcesAreReady() {
        runtime.addSandbox("s-gone", "gone", SandboxStatus.State.NOT_READY, T);
        runtime.addContainer("c1", "s-gone", "gone", "app", "img", FakeRuntime.exited(T));
        runtime.addContainer("c2", "s-gone", "gone", "side", "img", FakeRuntime.exited(T));

        ready.set(false);
        ContainerGc.Result before = gc(Set.of(), null).collect();
        assertThat(before.containers()).isEmpty();
        assertThat(before.sandboxes()).isEmpty();

        ready.set(true);
        ContainerGc.Result r = gc(Set.of(), null).collect();
        assertThat(r.containers()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(r.sandboxes()).containsExactly("s-gone");
    }

    @Test
    void sandboxesThatAreReadyOrHoldContainersStayAndAKnownPodKeepsItsNewest() {
        runtime.addSandbox("old", "p", SandboxStatus.State.NOT_READY, T);
        runtime.addSandbox("older", "p", SandboxStatus.State.NOT_READY, T.minusSeconds(10));
        runtime.addSandbox("newest", "p", SandboxStatus.State.NOT_READY, T.plusSeconds(10));
        runtime.addSandbox("running-orphan", "gone", SandboxStatus.State.READY, T);
        runtime.addSandbox("orphan-with-live-container", "gone2", SandboxStatus.State.NOT_READY, T);
        runtime.addContainer("live", "orphan-with-live-container", "gone2", "app", "img", FakeRuntime.running(T));

        ContainerGc.Result r = gc(Set.of("p"), null).collect();

        assertThat(r.sandboxes()).containsExactlyInAnyOrder("old", "older");
        assertThat(runtime.sandboxes).containsOnlyKeys("newest", "running-orphan", "orphan-with-live-container");
    }

    @Test
    void containersYoungerThanTheMinimumAgeStay() {
        runtime.addSandbox("s", "gone", SandboxStatus.State.NOT_READY, T);
        runtime.addContainer("young", "s", "gone", "app", "img", FakeRuntime.exited(T.plusSeconds(3590)));
        ContainerGc gc = new ContainerGc(runtime, new ContainerGcPolicy(Duration.ofMinutes(1), 1, -1), Set::of, () -> true, null,
                InstantSource.fixed(T.plusSeconds(3600)));
        assertThat(gc.collect().containers()).isEmpty();
    }

    @Test
    void theNodeLimitRemovesTheOldestDeadContainers() {
        runtime.addSandbox("s", "p", SandboxStatus.State.READY, T);
        for (int i = 0; i < 5; i++) {
            runtime.addContainer("c" + i, "s", "p", "app" + i, "img", FakeRuntime.exited(T.plusSeconds(i)));
        }
        ContainerGc gc = new ContainerGc(runtime, new ContainerGcPolicy(Duration.ZERO, 1, 2), () -> Set.of("p"), () -> true, null,
                InstantSource.fixed(T.plusSeconds(3600)));
        assertThat(gc.collect().containers()).containsExactly("c0", "c1", "c2");
    }

    @Test
    void logDirectoriesOfPodsThatAreGoneEverywhereAreRemoved(@TempDir Path logs) throws IOException {
        Files.createDirectories(logs.resolve("default_web_known-uid/app"));
        Files.writeString(logs.resolve("default_web_known-uid/app/0.log"), "x");
        Files.createDirectories(logs.resolve("default_old_gone-uid/app"));
        Files.writeString(logs.resolve("default_old_gone-uid/app/0.log"), "x");
        Files.createDirectories(logs.resolve("default_dying_still-running"));
        runtime.addSandbox("s", "still-running", SandboxStatus.State.READY, T);

        ContainerGc.Result r = gc(Set.of("known-uid"), logs).collect();

        assertThat(r.logDirectories()).containsExactly(logs.resolve("default_old_gone-uid"));
        assertThat(logs.resolve("default_old_gone-uid")).doesNotExist();
        assertThat(logs.resolve("default_web_known-uid/app/0.log")).exists();
        assertThat(logs.resolve("default_dying_still-running")).exists();
    }
}
