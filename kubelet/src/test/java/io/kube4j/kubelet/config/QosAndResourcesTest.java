package io.kube4j.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kube4j.runtime.ContainerConfig.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QosAndResourcesTest {

    private static final long GIB = 1024L * 1024 * 1024;

    private static Container c(String name, Map<String, ?> requests, Map<String, ?> limits) {
        var b = TestPods.container().withName(name).withNewResources();
        requests.forEach((k, v) -> b.addToRequests(k, new io.fabric8.kubernetes.api.model.Quantity((String) v)));
        limits.forEach((k, v) -> b.addToLimits(k, new io.fabric8.kubernetes.api.model.Quantity((String) v)));
        return b.endResources().build();
    }

    private static Pod pod(Container... cs) {
        return TestPods.pod().editSpec().withContainers(cs).endSpec().build();
    }

    @Test
    void qosClasses() {
        assertThat(QosClass.of(pod(c("a", Map.of(), Map.of())))).isEqualTo(QosClass.BEST_EFFORT);
        assertThat(QosClass.of(pod(c("a", Map.of("cpu", "0"), Map.of())))).isEqualTo(QosClass.BEST_EFFORT);
        assertThat(QosClass.of(pod(c("a", Map.of("cpu", "1", "memory", "1Gi"), Map.of("cpu", "1", "memory", "1Gi")))))
                .isEqualTo(QosClass.GUARANTEED);
        // limits only: requests default to them
        assertThat(QosClass.of(pod(c("a", Map.of(), Map.of("cpu", "500m", "memory", "1Gi"))))).isEqualTo(QosClass.GUARANTEED);
        assertThat(QosClass.of(pod(c("a", Map.of("cpu", "1"), Map.of("cpu", "1", "memory", "1Gi"))))).isEqualTo(QosClass.GUARANTEED);
        assertThat(QosClass.of(pod(c("a", Map.of("cpu", "500m"), Map.of("cpu", "1", "memory", "1Gi"))))).isEqualTo(QosClass.BURSTABLE);
        assertThat(QosClass.of(pod(c("a", Map.of(), Map.of("memory", "1Gi"))))).isEqualTo(QosClass.BURSTABLE);
        // one best-effort container makes a guaranteed pod burstable
        assertThat(QosClass.of(pod(c("a", Map.of(), Map.of("cpu", "1", "memory", "1Gi")), c("b", Map.of(), Map.of()))))
                .isEqualTo(QosClass.BURSTABLE);
        // init containers count
        Pod withInit = TestPods.pod().editSpec().withContainers(c("a", Map.of(), Map.of("cpu", "1", "memory", "1Gi")))
                .withInitContainers(c("i", Map.of("memory", "10Mi"), Map.of())).endSpec().build();
        assertThat(QosClass.of(withInit)).isEqualTo(QosClass.BURSTABLE);
        // status wins when set
        Pod withStatus = TestPods.pod().withNewStatus().withQosClass("Burstable").endStatus().build();
        assertThat(QosClass.of(withStatus)).isEqualTo(QosClass.BURSTABLE);
        assertThat(QosClass.compute(withStatus)).isEqualTo(QosClass.BEST_EFFORT);
    }

    @Test
    void cgroupParents() {
        var configs = new PodRuntimeConfigs(TestPods.options(Path.of("/tmp/x"), null, List.of()), new MapObjectSource(), null);
        String uid = TestPods.UID;
        assertThat(configs.cgroupParent(pod(c("a", Map.of(), Map.of())))).isEqualTo("/kubepods/besteffort/pod" + uid);
        assertThat(configs.cgroupParent(pod(c("a", Map.of("cpu", "1"), Map.of())))).isEqualTo("/kubepods/burstable/pod" + uid);
        assertThat(configs.cgroupParent(pod(c("a", Map.of(), Map.of("cpu", "1", "memory", "1Gi"))))).isEqualTo("/kubepods/pod" + uid);
        var opts = TestPods.options(Path.of("/tmp/x"), null, List.of());
        var rooted = new PodConfigOptions(opts.clusterDns(), opts.clusterDomain(), opts.podLogsDir(), opts.podsDir(), "/kube4j-ab12",
                null, opts.nodeHostsFile(), opts.seccompDir(), "n", List.of(), Map.of(), GIB);
        assertThat(new PodRuntimeConfigs(rooted, new MapObjectSource(), null).cgroupParent(pod(c("a", Map.of(), Map.of()))))
                .isEqualTo("/kube4j-ab12/kubepods/besteffort/pod" + uid);
    }

    @Test
    void cpuAndMemoryValues() {
        assertThat(ContainerResources.cpuShares(0)).isEqualTo(2);
        assertThat(ContainerResources.cpuShares(1)).isEqualTo(2);
        assertThat(ContainerResources.cpuShares(250)).isEqualTo(256);
        assertThat(ContainerResources.cpuShares(1000)).isEqualTo(1024);
        assertThat(ContainerResources.cpuShares(1_000_000)).isEqualTo(262_144);
        assertThat(ContainerResources.cpuQuota(0, 100_000)).isZero();
        assertThat(ContainerResources.cpuQuota(5, 100_000)).isEqualTo(1000);
        assertThat(ContainerResources.cpuQuota(1500, 100_000)).isEqualTo(150_000);

        Container burst = c("a", Map.of("cpu", "100m", "memory", "2Gi"), Map.of("cpu", "1500m", "memory", "3Gi"));
        Resources r = ContainerResources.of(pod(burst), burst, 8 * GIB, 0);
        assertThat(r).isEqualTo(new Resources(102, 150_000, 100_000, 3 * GIB, 0, 750));
        Container limitsOnly = c("a", Map.of(), Map.of("cpu", "2", "memory", "64Mi"));
        assertThat(ContainerResources.of(pod(limitsOnly), limitsOnly, 8 * GIB, 0))
                .isEqualTo(new Resources(2048, 200_000, 100_000, 64L * 1024 * 1024, 0, -997));
        Container none = c("a", Map.of(), Map.of());
        assertThat(ContainerResources.of(pod(none), none, 8 * GIB, 0)).isEqualTo(new Resources(2, 0, 100_000, 0, 0, 1000));
    }

    @Test
    void burstableOomScoreFormula() {
        Container tiny = c("a", Map.of("cpu", "10m"), Map.of());
        assertThat(ContainerResources.oomScoreAdj(pod(tiny), tiny, 8 * GIB)).isEqualTo(999);
        Container huge = c("a", Map.of("memory", "8Gi"), Map.of());
        assertThat(ContainerResources.oomScoreAdj(pod(huge), huge, 8 * GIB)).isEqualTo(3);
        Container half = c("a", Map.of("memory", "4Gi"), Map.of());
        assertThat(ContainerResources.oomScoreAdj(pod(half), half, 8 * GIB)).isEqualTo(500);
        Pod critical = TestPods.pod().editSpec().withPriorityClassName("system-node-critical").withPriority(2_000_001_000)
                .withContainers(half).endSpec().build();
        assertThat(ContainerResources.oomScoreAdj(critical, half, 8 * GIB)).isEqualTo(-997);
    }
}
