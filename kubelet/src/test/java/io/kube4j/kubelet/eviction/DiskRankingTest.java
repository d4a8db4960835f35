package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream's rankDiskPressureFunc and rankPIDPressure orders. */
class DiskRankingTest {

    private static final long MI = 1024 * 1024;
    private final Map<String, PodStorage> usage = new HashMap<>();

    static Pod pod(String name, int priority, String storageRequest) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name).endMetadata()
                .withNewSpec().withPriority(priority).addNewContainer().withName("app").withNewResources().endResources().endContainer()
                .endSpec();
        Pod p = b.build();
        if (storageRequest != null) {
            p.getSpec().getContainers().getFirst().getResources().setRequests(Map.of("ephemeral-storage", new Quantity(storageRequest)));
        }
        return p;
    }

    private void uses(Pod pod, long layer, long logs, long emptyDir, long inodes) {
        usage.put(pod.getMetadata().getUid(), new PodStorage(Map.of("scratch", new DiskUsage(emptyDir, inodes)),
                Map.of("app", new DiskUsage(layer, 0)), Map.of("app", new DiskUsage(logs, 0))));
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void overRequestFirstThenLowPriorityThenLargestExcessWithNoFiguresFirstOfAll() {
        Pod under = pod("under", 0, "1Gi");
        Pod overSmallLow = pod("over-small-low", -5, "10Mi");
        Pod overBigLow = pod("over-big-low", -5, "10Mi");
        Pod overHigh = pod("over-high", 100, null);
        Pod unmeasured = pod("unmeasured", 1000, "1Gi");
        uses(under, 100 * MI, 0, 0, 1);
        uses(overSmallLow, 10 * MI, MI, 5 * MI, 1);     // 16Mi, 6Mi over
        uses(overBigLow, 0, 0, 300 * MI, 1);            // 300Mi, 290Mi over: its emptyDir counts
        uses(overHigh, 500 * MI, 500 * MI, 0, 1);
        assertThat(names(DiskRanking.rank(List.of(under, overSmallLow, overHigh, unmeasured, overBigLow), usage, "ephemeral-storage")))
                .containsExactly("unmeasured", "over-big-low", "over-small-low", "over-high", "under");
    }

    @Test
    void inodesRankByInodeUse() {
        Pod few = pod("few", 0, null);
        Pod many = pod("many", 0, null);
        uses(few, 900 * MI, 0, 0, 10);
        uses(many, 0, 0, 0, 10_000);
        // With no inode request both exceed; the excess compared is upstream's (inodes minus the storage request).
        assertThat(names(DiskRanking.rank(List.of(few, many), usage, "inodes"))).containsExactly("many", "few");
    }

    @Test
    void pidPressureRanksByPriorityOnly() {
        assertThat(names(DiskRanking.rankByPriority(List.of(pod("a", 10, null), pod("b", -1, null), pod("c", 10, null), pod("d", 0, null)))))
                .containsExactly("b", "d", "a", "c");
    }

    @Test
    void aDedicatedImageFsSplitsWhatEachSignalMeasures() {
        Pod layers = pod("layers", 0, null);
        Pod volumes = pod("volumes", 0, null);
        uses(layers, 500 * MI, 0, 0, 1);
        uses(volumes, 0, MI, 100 * MI, 1);
        List<Pod> pods = List.of(volumes, layers);
        assertThat(names(DiskRanking.rank(pods, usage, "ephemeral-storage",
                DiskRanking.measured(io.kube4j.kubelet.eviction.Signal.IMAGEFS_AVAILABLE, true)))).containsExactly("layers", "volumes");
        assertThat(names(DiskRanking.rank(pods, usage, "ephemeral-storage",
                DiskRanking.measured(io.kube4j.kubelet.eviction.Signal.NODEFS_AVAILABLE, true)))).containsExactly("volumes", "layers");
        assertThat(DiskRanking.measured(io.kube4j.kubelet.eviction.Signal.NODEFS_AVAILABLE, false)).isEqualTo(PodStorage.Part.ALL);
        assertThat(names(DiskRanking.rank(pods, usage, "ephemeral-storage"))).containsExactly("layers", "volumes");
    }
}
