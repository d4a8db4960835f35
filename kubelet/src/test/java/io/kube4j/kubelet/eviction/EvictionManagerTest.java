package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kube4j.kubelet.node.NodePressure;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EvictionManagerTest {

    private static final long MI = 1024 * 1024;
    private static final long GI = 1024 * MI;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<Signal, Observation> observed = new EnumMap<>(Signal.class);
    private final Map<String, PodUsage> usage = new HashMap<>();
    private final List<Pod> active = new ArrayList<>();
    private final List<Pod> evicted = new ArrayList<>();
    private final List<Eviction> evictions = new ArrayList<>();
    private final AtomicInteger reclaims = new AtomicInteger();
    private final AtomicInteger conditionChanges = new AtomicInteger();
    private final EvictionManager manager = new EvictionManager(EvictionManager.Config.DEFAULT, () -> Map.copyOf(observed),
            () -> Map.copyOf(usage), () -> List.copyOf(active), (pod, eviction) -> {
                evicted.add(pod);
                evictions.add(eviction);
                active.remove(pod);
                return true;
            }, reclaims::incrementAndGet, conditionChanges::incrementAndGet, () -> now.get());

    static Pod pod(String name, Integer priority, String memoryRequest, String... extraAnnotations) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
                .withNewSpec().withPriority(priority)
                    .addNewContainer().withName("app").withImage("busybox").withNewResources().endResources().endContainer()
                .endSpec();
        if (memoryRequest != null) {
            b.editSpec().editFirstContainer().editResources().addToRequests("memory", new Quantity(memoryRequest)).endResources()
                    .endContainer().endSpec();
        }
        for (int i = 0; i + 1 < extraAnnotations.length; i += 2) {
            b.editMetadata().addToAnnotations(extraAnnotations[i], extraAnnotations[i + 1]).endMetadata();
        }
        return b.build();
    }

    private void uses(Pod pod, long bytes) {
        usage.put(pod.getMetadata().getUid(), new PodUsage(Map.of("app", bytes)));
    }

    private void healthy() {
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(8 * GI, 16 * GI));
        observed.put(Signal.NODEFS_AVAILABLE, new Observation(50 * GI, 100 * GI));
        observed.put(Signal.IMAGEFS_AVAILABLE, new Observation(50 * GI, 100 * GI));
        observed.put(Signal.NODEFS_INODES_FREE, new Observation(1_000_000, 2_000_000));
        observed.put(Signal.PID_AVAILABLE, new Observation(30_000, 32_768));
    }

    @Test
    void rankingPutsPodsOverTheirRequestsFirstThenLowPriorityThenLargestExcess() {
        Pod underRequest = pod("under", 0, "1Gi");
        Pod overSmallLowPrio = pod("over-small-low", -10, "100Mi");
        Pod overBigLowPrio = pod("over-big-low", -10, "100Mi");
        Pod overHighPrio = pod("over-high", 1000, null);
        Pod noStats = pod("no-stats", 5000, "1Gi");
        uses(underRequest, 500 * MI);
        uses(overSmallLowPrio, 200 * MI);
        uses(overBigLowPrio, 900 * MI);
        uses(overHighPrio, 2 * GI);

        List<Pod> ranked = MemoryRanking.rank(List.of(underRequest, overSmallLowPrio, overHighPrio, noStats, overBigLowPrio),
                MemoryRanking.lookup(usage));

        assertThat(ranked).extracting(p -> p.getMetadata().getName())
                .containsExactly("no-stats", "over-big-low", "over-small-low", "over-high", "under");
    }

    @Test
    void noPressureNoConditionsNoEviction() {
        healthy();
        active.add(pod("a", 0, null));
        assertThat(manager.synchronize()).isEmpty();
        assertThat(manager.pressure()).isEqualTo(NodePressure.NONE);
        assertThat(evicted).isEmpty();
        assertThat(manager.admit(pod("b", 0, null))).isEmpty();
    }

    @Test
    void memoryPressureEvictsOnePodPerPassWithUpstreamsMessage() {
        healthy();
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(50 * MI, 16 * GI));
        Pod hog = pod("hog", 0, "64Mi");
        Pod modest = pod("modest", 0, "1Gi");
        Pod staticPod = pod("static", 0, null, "kubernetes.io/config.source", "file");
        Pod critical = pod("critical", 2_000_001_000, null);
        uses(hog, 300 * MI);
        uses(modest, 100 * MI);
        uses(staticPod, 4 * GI);
        uses(critical, 4 * GI);
        active.addAll(List.of(modest, staticPod, critical, hog));

        assertThat(manager.synchronize()).contains(hog);

        assertThat(manager.pressure()).isEqualTo(new NodePressure(true, false, false));
        assertThat(conditionChanges.get()).isEqualTo(1);
        Eviction e = evictions.getFirst();
        assertThat(e.reason()).isEqualTo("Evicted");
        assertThat(e.gracePeriodSeconds()).isEqualTo(1);
        assertThat(e.message()).isEqualTo("The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. "
                + "Container app was using 300Mi, request is 64Mi, has larger consumption of memory. ");
        assertThat(e.annotations()).containsEntry("offending_containers", "app").containsEntry("offending_containers_usage", "300Mi")
                .containsEntry("starved_resource", "memory");

        // next pass: the next pod, never the static or critical one
        assertThat(manager.synchronize()).contains(modest);
        assertThat(manager.synchronize()).isEmpty();
        assertThat(evicted).extracting(p -> p.getMetadata().getName()).containsExactly("hog", "modest");
        assertThat(evictions.get(1).message()).isEqualTo("The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. ");
    }

    @Test
    void conditionsOutliveTheirLastObservationByTheTransitionPeriod() {
        healthy();
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(50 * MI, 16 * GI));
        manager.synchronize();
        healthy();
        now.set(now.get().plus(Duration.ofMinutes(4)));
        manager.synchronize();
        assertThat(manager.pressure().memory()).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(1)).plusSeconds(1));
        manager.synchronize();
        assertThat(manager.pressure().memory()).isFalse();
        assertThat(conditionChanges.get()).isEqualTo(2);
    }

    @Test
    void diskPressureReclaimsAndSetsTheConditionButEvictsNothing() {
        healthy();
        observed.put(Signal.IMAGEFS_AVAILABLE, new Observation(10 * GI, 100 * GI)); // < 15 %
        active.add(pod("a", 0, null));
        assertThat(manager.synchronize()).isEmpty();
        assertThat(reclaims.get()).isEqualTo(1);
        assertThat(manager.pressure()).isEqualTo(new NodePressure(false, true, false));
        assertThat(evicted).isEmpty();
    }

    @Test
    void pidAndInodeThresholdsAreObserved() {
        EvictionManager withPid = new EvictionManager(
                new EvictionManager.Config(List.of(Threshold.parse("pid.available<10%"), Threshold.parse("nodefs.inodesFree<5%")),
                        Duration.ofMinutes(5), Duration.ofSeconds(10)),
                () -> Map.of(Signal.PID_AVAILABLE, new Observation(1000, 32_768), Signal.NODEFS_INODES_FREE, new Observation(10, 1000)),
                Map::of, List::of, (p, e) -> false, () -> {}, () -> {}, () -> now.get());
        withPid.synchronize();
        assertThat(withPid.pressure()).isEqualTo(new NodePressure(false, true, true));
    }

    @Test
    void admissionUnderPressureFollowsUpstream() {
        healthy();
        observed.put(Signal.MEMORY_AVAILABLE, new Observation(50 * MI, 16 * GI));
        manager.synchronize();
        Pod bestEffort = pod("be", 0, null);
        Pod burstable = pod("burst", 0, "10Mi");
        Pod tolerant = new PodBuilder(pod("tol", 0, null)).editSpec().addNewToleration().withKey("node.kubernetes.io/memory-pressure")
                .withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec().build();
        Pod staticPod = pod("static", 0, null, "kubernetes.io/config.source", "file");

        assertThat(manager.admit(bestEffort)).contains("The node had condition: [MemoryPressure]. ");
        assertThat(manager.admit(burstable)).isEmpty();
        assertThat(manager.admit(tolerant)).isEmpty();
        assertThat(manager.admit(staticPod)).isEmpty();

        observed.put(Signal.NODEFS_AVAILABLE, new Observation(GI, 100 * GI));
        manager.synchronize();
        assertThat(manager.admit(burstable)).contains("The node had condition: [MemoryPressure DiskPressure]. ");
    }

    @Test
    void thresholdsParseAndApplyPercentagesOfCapacity() {
        Threshold t = Threshold.parse("nodefs.available<10%");
        assertThat(t.signal()).isEqualTo(Signal.NODEFS_AVAILABLE);
        assertThat(t.met(new Observation(9, 100))).isTrue();
        assertThat(t.met(new Observation(10, 100))).isFalse();
        assertThat(Threshold.parse("memory.available<100Mi").met(new Observation(100 * MI - 1, GI))).isTrue();
        assertThat(Threshold.fromMap(Map.of("imagefs.available", "15%"))).containsExactly(new Threshold(Signal.IMAGEFS_AVAILABLE, "15%"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Threshold.parse("cpu.available<1")).hasMessageContaining("unknown");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Threshold.parse("memory.available>1")).hasMessageContaining("SIGNAL<QUANTITY");
    }

    @Test
    void podRequestsTakeInitContainersAndOverheadIntoAccount() {
        Pod p = new PodBuilder(pod("p", 0, "100Mi")).editSpec()
                .addNewInitContainer().withName("init").withImage("x").withNewResources().addToRequests("memory", new Quantity("300Mi"))
                .endResources().endInitContainer()
                .addToOverhead("memory", new Quantity("10Mi")).endSpec().build();
        assertThat(PodRequests.memory(p)).isEqualTo(310 * MI);
        assertThat(PodRequests.bestEffort(p)).isFalse();
        assertThat(PodRequests.bestEffort(pod("q", 0, null))).isTrue();
    }
}
