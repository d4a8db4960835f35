package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The eviction manager's local storage and disk pressure passes. */
class EvictionManagerStorageTest {

    private static final long MI = 1024 * 1024;
    private static final long GI = 1024 * MI;

    private final Map<Signal, Observation> observed = new EnumMap<>(Signal.class);
    private final Map<String, PodStorage> storage = new HashMap<>();
    private final List<List<String>> measured = new ArrayList<>();
    private final List<Pod> active = new ArrayList<>();
    private final List<Eviction> evictions = new ArrayList<>();
    private final List<String> evicted = new ArrayList<>();
    private final AtomicInteger reclaims = new AtomicInteger();
    private Runnable onReclaim = () -> {};
    private final List<String> nodeEvents = new ArrayList<>();
    private final EvictionManager manager = new EvictionManager(EvictionManager.Config.DEFAULT, () -> Map.copyOf(observed), Map::of,
            pods -> {
                measured.add(pods.stream().map(p -> p.getMetadata().getName()).toList());
                Map<String, PodStorage> out = new HashMap<>();
                pods.forEach(p -> {
                    PodStorage s = storage.get(p.getMetadata().getUid());
                    if (s != null) {
                        out.put(p.getMetadata().getUid(), s);
                    }
                });
                return out;
            },
            () -> List.copyOf(active), (pod, eviction) -> {
                evicted.add(pod.getMetadata().getName());
                evictions.add(eviction);
                active.remove(pod);
                return true;
            }, () -> {
                reclaims.incrementAndGet();
                onReclaim.run();
            }, () -> {}, () -> Instant.parse("2026-01-01T00:00:00Z")).withNodeEvents((r, m) -> nodeEvents.add(r + ": " + m));

    private void healthy() {
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(8 * GI, 16 * GI));
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(50 * GI, 100 * GI));
        observed.put(Signal.IMAGEFS_AVAILABLE, new Observation(50 * GI, 100 * GI));
    }

    private static Pod named(Pod pod, String name) {
        pod.getMetadata().setName(name);
        pod.getMetadata().setUid("uid-" + name);
        return pod;
    }

    @Test
    void emptyDirOverItsLimitIsEvictedWithoutNodePressureAndOnlyLimitedPodsAreMeasured() {
        healthy();
        Pod limited = named(LocalStorageLimitsTest.pod("1Mi", null, null), "limited");
        Pod free = named(LocalStorageLimitsTest.pod(null, null, null), "free");
        active.addAll(List.of(limited, free));
        storage.put("uid-limited", LocalStorageLimitsTest.usage(MI / 2, 0, 0, 0, 0));
        storage.put("uid-free", LocalStorageLimitsTest.usage(10 * GI, 0, 0, 0, 0));
        assertThat(manager.synchronize()).isEmpty();
        assertThat(measured).containsExactly(List.of("limited"));

        storage.put("uid-limited", LocalStorageLimitsTest.usage(2 * MI, 0, 0, 0, 0));
        assertThat(manager.synchronize()).map(p -> p.getMetadata().getName()).contains("limited");
        assertThat(evictions.getFirst().message()).isEqualTo("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
        assertThat(evictions.getFirst().gracePeriodSeconds()).isEqualTo(1);
        assertThat(manager.pressure().disk()).isFalse();
        assertThat(reclaims).hasValue(0);
        assertThat(nodeEvents).isEmpty(); // limits are not node pressure
    }

    @Test
    void criticalPodsAreNotEvictedForTheirLimits() {
        healthy();
        Pod staticPod = named(LocalStorageLimitsTest.pod("1Mi", null, null), "static");
        staticPod.getMetadata().setAnnotations(Map.of("kubernetes.io/config.source", "file"));
        active.add(staticPod);
        storage.put("uid-static", LocalStorageLimitsTest.usage(2 * MI, 0, 0, 0, 0));
        assertThat(manager.synchronize()).isEmpty();
        assertThat(evicted).isEmpty();
    }

    @Test
    void diskPressureReclaimsFirstAndEvictsNothingWhenThatSufficed() {
        healthy();
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(5 * GI, 100 * GI)); // below 10%
        active.add(named(DiskRankingTest.pod("a", 0, null), "a"));
        onReclaim = () -> observed.put(Signal.NODEFS_AVAILABLE, new Observation(30 * GI, 100 * GI));
        assertThat(manager.synchronize()).isEmpty();
        assertThat(reclaims).hasValue(1);
        assertThat(evicted).isEmpty();
        assertThat(manager.pressure().disk()).isTrue(); // the condition stays for the transition period
        assertThat(nodeEvents).containsExactly("EvictionThresholdMet: Attempting to reclaim ephemeral-storage");
    }

    @Test
    void diskPressureAfterReclaimEvictsTheTopRankedPodWithUpstreamsMessage() {
        healthy();
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(5 * GI, 100 * GI));
        Pod small = named(DiskRankingTest.pod("small", 0, null), "small");
        Pod big = named(DiskRankingTest.pod("big", 0, "1Mi"), "big");
        Pod important = named(DiskRankingTest.pod("important", 1000, null), "important");
        active.addAll(List.of(small, big, important));
        storage.put("uid-small", new PodStorage(Map.of(), Map.of("app", new DiskUsage(2 * MI, 1)), Map.of()));
        storage.put("uid-big", new PodStorage(Map.of("scratch", new DiskUsage(GI, 1)), Map.of("app", new DiskUsage(3 * MI, 1)),
                Map.of("app", new DiskUsage(MI, 1))));
        storage.put("uid-important", new PodStorage(Map.of(), Map.of("app", new DiskUsage(5 * GI, 1)), Map.of()));
        assertThat(manager.synchronize()).map(p -> p.getMetadata().getName()).contains("big");
        assertThat(reclaims).hasValue(1);
        assertThat(measured.getLast()).containsExactlyInAnyOrder("small", "big", "important"); // all pods under disk pressure
        Eviction e = evictions.getFirst();
        assertThat(e.message()).isEqualTo("The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 5Gi. "
                + "Container app was using 4Mi, request is 1Mi, has larger consumption of ephemeral-storage. ");
        assertThat(e.annotations()).containsEntry("offending_containers", "app").containsEntry("offending_containers_usage", "4Mi")
                .containsEntry("starved_resource", "ephemeral-storage");
    }

    @Test
    void memoryPressureComesBeforeDiskPressure() {
        healthy();
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(10 * MI, 16 * GI));
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(5 * GI, 100 * GI));
        active.add(named(DiskRankingTest.pod("a", 0, null), "a"));
        assertThat(manager.synchronize()).isPresent();
        assertThat(reclaims).hasValue(0);
        assertThat(evictions.getFirst().message()).startsWith("The node was low on resource: memory. ");
    }

    @Test
    void pidPressureEvictsTheLowestPriority() {
        healthy();
        observed.put(Signal.PID_AVAILABLE, new Observation(100, 32_768)); // below the default? none by default: use a config threshold
        EvictionManager pids = new EvictionManager(new EvictionManager.Config(List.of(new Threshold(Signal.PID_AVAILABLE, "10%")),
                java.time.Duration.ofMinutes(5), java.time.Duration.ofSeconds(10)), () -> Map.copyOf(observed), Map::of, null,
                () -> List.copyOf(active), (pod, eviction) -> {
                    evictions.add(eviction);
                    evicted.add(pod.getMetadata().getName());
                    return true;
                }, () -> {}, () -> {}, () -> Instant.EPOCH);
        active.addAll(List.of(named(DiskRankingTest.pod("high", 10, null), "high"), named(DiskRankingTest.pod("low", -1, null), "low")));
        assertThat(pids.synchronize()).map(p -> p.getMetadata().getName()).contains("low");
        assertThat(evictions.getFirst().message()).isEqualTo("The node was low on resource: pids. Threshold quantity: 3276, available: 100. ");
    }
}
