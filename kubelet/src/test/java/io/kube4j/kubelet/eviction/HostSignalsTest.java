package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSignalsTest {

    @Test
    void memoryAvailableIsCapacityLessTheRootCgroupWorkingSetOnCgroupV1(@TempDir Path root) throws IOException {
        write(root, "proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 700 kB\n");
        write(root, "sys/fs/cgroup/memory/memory.usage_in_bytes", "600000\n");
        write(root, "sys/fs/cgroup/memory/memory.stat", "cache 1\ntotal_inactive_file 100000\n");
        assertThat(new HostSignals(root, root, null).memory()).contains(new Observation(1_024_000 - 500_000, 1_024_000));
    }

    @Test
    void memoryAvailableIsMemAvailableOnCgroupV2(@TempDir Path root) throws IOException {
        write(root, "proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 700 kB\n");
        write(root, "sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
        assertThat(new HostSignals(root, root, null).memory()).contains(new Observation(700 * 1024, 1000 * 1024));
    }

    @Test
    void pidAvailableIsTheLimitLessTheKernelsTasks(@TempDir Path root) throws IOException {
        write(root, "proc/sys/kernel/pid_max", "32768\n");
        write(root, "proc/sys/kernel/threads-max", "192731\n");
        write(root, "proc/loadavg", "0.53 0.46 0.85 1/94 15738\n");
        assertThat(new HostSignals(root, root, null).pids()).contains(new Observation(32768 - 94, 32768));
        assertThat(HostSignals.workingSet(10, "total_inactive_file 20\n", "total_inactive_file")).isZero();
    }

    @Test
    void thisHostHasEverySignalButImagefs() {
        var observed = new HostSignals(Path.of("/"), Path.of(System.getProperty("java.io.tmpdir")), null).observe();
        assertThat(observed).containsKeys(Signal.MEMORY_AVAILABLE, Signal.NODEFS_AVAILABLE, Signal.PID_AVAILABLE).doesNotContainKey(Signal.IMAGEFS_AVAILABLE);
        assertThat(observed.get(Signal.MEMORY_AVAILABLE).available()).isPositive();
    }

    @Test
    void aThresholdAboveWhatTheHostHasForcesMemoryPressureOnThisHost() {
        var evicted = new java.util.ArrayList<String>();
        var pod = EvictionManagerTest.pod("victim", 0, null);
        EvictionManager manager = new EvictionManager(
                new EvictionManager.Config(java.util.List.of(Threshold.parse("memory.available<1Ei")), java.time.Duration.ofMinutes(5),
                        java.time.Duration.ofSeconds(10)),
                new HostSignals(Path.of("/"), Path.of(System.getProperty("java.io.tmpdir")), null),
                () -> java.util.Map.of(pod.getMetadata().getUid(), new PodUsage(java.util.Map.of("app", 5L << 20))),
                () -> java.util.List.of(pod),
                (p, e) -> evicted.add(e.message()), () -> {}, () -> {}, java.time.InstantSource.system());
        assertThat(manager.synchronize()).contains(pod);
        assertThat(manager.pressure().memory()).isTrue();
        assertThat(evicted).singleElement().asString()
                .startsWith("The node was low on resource: memory. Threshold quantity: 1Ei, available: ")
                .endsWith("Container app was using 5Mi, request is 0, has larger consumption of memory. ");
    }

    private static void write(Path root, String file, String content) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
