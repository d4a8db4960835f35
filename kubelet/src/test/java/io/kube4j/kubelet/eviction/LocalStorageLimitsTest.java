package io.kube4j.kubelet.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream's local storage limit rules and messages, in their order. */
class LocalStorageLimitsTest {

    private static final long MI = 1024 * 1024;

    /** A pod with emptyDir "cache" (sizeLimit), "ram" (Memory, sizeLimit 1Mi) and containers app/side with the given limits. */
    static Pod pod(String cacheLimit, String appLimit, String sideLimit) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-web").endMetadata()
                .withNewSpec()
                .addNewVolume().withName("cache").withNewEmptyDir().withSizeLimit(cacheLimit == null ? null : new Quantity(cacheLimit))
                .endEmptyDir().endVolume()
                .addNewVolume().withName("ram").withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("1Mi")).endEmptyDir()
                .endVolume()
                .addNewContainer().withName("app").withNewResources().endResources().endContainer()
                .addNewContainer().withName("side").withNewResources().endResources().endContainer()
                .endSpec();
        Pod p = b.build();
        if (appLimit != null) {
            p.getSpec().getContainers().get(0).getResources().setLimits(Map.of("ephemeral-storage", new Quantity(appLimit)));
        }
        if (sideLimit != null) {
            p.getSpec().getContainers().get(1).getResources().setLimits(Map.of("ephemeral-storage", new Quantity(sideLimit)));
        }
        return p;
    }

    static PodStorage usage(long cache, long ram, long appLayer, long appLogs, long sideLayer) {
        return new PodStorage(Map.of("cache", new DiskUsage(cache, 1), "ram", new DiskUsage(ram, 1)),
                Map.of("app", new DiskUsage(appLayer, 1), "side", new DiskUsage(sideLayer, 1)),
                Map.of("app", new DiskUsage(appLogs, 1), "side", DiskUsage.ZERO));
    }

    private static String message(Pod pod, PodStorage usage) {
        return LocalStorageLimits.violation(pod, usage).map(Eviction::message).orElse(null);
    }

    @Test
    void emptyDirOverItsSizeLimit() {
        assertThat(message(pod("1Mi", null, null), usage(MI + 1, 0, 0, 0, 0)))
                .isEqualTo("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
        assertThat(message(pod("1024Ki", null, null), usage(2 * MI, 0, 0, 0, 0)))
                .isEqualTo("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
        assertThat(message(pod("1Mi", null, null), usage(MI, 0, 0, 0, 0))).isNull(); // equal is within
        assertThat(message(pod("0", null, null), usage(MI, 0, 0, 0, 0))).isNull(); // zero means none
        assertThat(message(pod(null, null, null), usage(100 * MI, 100 * MI, 0, 0, 0))).isNull();
        // A memory emptyDir is the memory limit's business.
        assertThat(message(pod("10Mi", null, null), usage(0, 5 * MI, 0, 0, 0))).isNull();
        Eviction e = LocalStorageLimits.violation(pod("1Mi", null, null), usage(2 * MI, 0, 0, 0, 0)).orElseThrow();
        assertThat(e.reason()).isEqualTo("Evicted");
        assertThat(e.gracePeriodSeconds()).isEqualTo(1);
        assertThat(e.disruptionTarget()).isFalse(); // upstream's local storage evictions set no condition
    }

    @Test
    void podTotalOverTheSumOfItsContainersLimits() {
        // limits 2Mi + 1Mi = 3Mi; containers within their own, the emptyDir tips the pod over
        assertThat(message(pod(null, "2Mi", "1Mi"), usage(2 * MI, 0, MI, 0, MI / 2)))
                .isEqualTo("Pod ephemeral local storage usage exceeds the total limit of containers 3Mi. ");
        assertThat(message(pod(null, "2Mi", "1Mi"), usage(MI, 0, MI, 0, MI / 2))).isNull();
    }

    @Test
    void containerLayerAndLogsOverItsLimit() {
        // The pod's total stays under 1Mi + 4Mi; app alone is over its own.
        assertThat(message(pod(null, "1Mi", "4Mi"), usage(0, 0, MI / 2, MI / 2 + 1, 0)))
                .isEqualTo("Container app exceeded its local ephemeral storage limit \"1Mi\". ");
        assertThat(message(pod(null, "4Mi", "500k"), usage(0, 0, 0, 0, 600_000)))
                .isEqualTo("Container side exceeded its local ephemeral storage limit \"500k\". ");
    }

    @Test
    void withADedicatedImageFsAContainersLimitCountsItsLogsOnly() {
        PodStorage bigLayer = usage(0, 0, 3 * MI, MI / 2, 0);
        assertThat(LocalStorageLimits.violation(pod(null, "1Mi", "8Mi"), bigLayer, false)).isPresent();
        assertThat(LocalStorageLimits.violation(pod(null, "1Mi", "8Mi"), bigLayer, true)).isEmpty();
        assertThat(LocalStorageLimits.violation(pod(null, "1Mi", "8Mi"), usage(0, 0, 0, 2 * MI, 0), true)).map(Eviction::message)
                .contains("Container app exceeded its local ephemeral storage limit \"1Mi\". ");
    }

    @Test
    void withOneLimitedContainerThePodsTotalIsWhatTrips() {
        assertThat(message(pod(null, "1Mi", null), usage(0, 0, MI / 2, MI / 2 + 1, 0)))
                .isEqualTo("Pod ephemeral local storage usage exceeds the total limit of containers 1Mi. ");
    }

    @Test
    void emptyDirIsCheckedBeforeThePodAndThePodBeforeContainers() {
        assertThat(message(pod("1Mi", "1Mi", null), usage(2 * MI, 0, 2 * MI, 0, 0))).startsWith("Usage of EmptyDir volume");
        assertThat(message(pod(null, "1Mi", null), usage(0, 0, 2 * MI, 0, 0))).startsWith("Pod ephemeral local storage");
    }

    @Test
    void onlyPodsWithLimitsNeedMeasuringOnACalmNode() {
        assertThat(LocalStorageLimits.limited(pod(null, null, null))).isFalse();
        assertThat(LocalStorageLimits.limited(pod("1Mi", null, null))).isTrue();
        assertThat(LocalStorageLimits.limited(pod(null, null, "1Gi"))).isTrue();
    }

    @Test
    void quantitiesPrintAsUpstreamsCanonicalForm() {
        assertThat(QuantityText.canonical(new Quantity("1Mi"))).isEqualTo("1Mi");
        assertThat(QuantityText.canonical(new Quantity("1024Ki"))).isEqualTo("1Mi");
        assertThat(QuantityText.canonical(new Quantity("1536Ki"))).isEqualTo("1536Ki");
        assertThat(QuantityText.canonical(new Quantity("0.5Ki"))).isEqualTo("512");
        assertThat(QuantityText.canonical(new Quantity("2000000"))).isEqualTo("2M");
        assertThat(QuantityText.canonical(new Quantity("1500k"))).isEqualTo("1500k");
        assertThat(QuantityText.canonical(new Quantity("1G"))).isEqualTo("1G");
        assertThat(QuantityText.canonical(new Quantity("100"))).isEqualTo("100");
        assertThat(QuantityText.canonical(new Quantity("0"))).isEqualTo("0");
    }
}
