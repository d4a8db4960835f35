package io.kube4j.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the kubelet's settings become its node agent's options: the capacity overrides (hollow nodes' --capacity). */
class KubeletNodeOptionsTest {

    private final KubeletSettings defaults = KubeletSettings.defaults("n1", Path.of("/tmp/kubelet-node-options-test"));

    @Test
    void capacityOverridesReachTheNodeAgent() {
        KubeletSettings s = defaults.withCapacityOverrides(Map.of("cpu", "4", "memory", "32Gi"));
        assertThat(Kubelet.nodeOptions(s, "10.0.0.1", "10.128.0.0/24", null).capacityOverrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", "4", "memory", "32Gi"));
    }

    @Test
    void theSettingsWithoutOverridesReportTheMachine() {
        assertThat(defaults.capacityOverrides()).isEmpty();
        assertThat(Kubelet.nodeOptions(defaults, "10.0.0.1", "10.128.0.0/24", null).capacityOverrides()).isEmpty();
        KubeletSettings changed = defaults.withCapacityOverrides(Map.of("pods", "200"));
        assertThat(changed.withCapacityOverrides(Map.of())).isEqualTo(defaults);
    }
}
