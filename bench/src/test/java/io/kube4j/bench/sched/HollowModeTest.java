package io.kube4j.bench.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pieces of {@code --nodes hollow} that need no cluster: the flag, the label patch, percentiles, node counts. */
class HollowModeTest {

    @Test
    void nodesFlagTakesObjectsOrHollowOnly() {
        assertThat(NodeKind.parse("objects")).isEqualTo(NodeKind.OBJECTS);
        assertThat(NodeKind.parse("hollow")).isEqualTo(NodeKind.HOLLOW);
        assertThatThrownBy(() -> NodeKind.parse("kwok")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelPatchCarriesEveryTemplateLabel() {
        var labels = Templates.node(Workload.Kind.TOPOLOGY_SPREADING, 4).getMetadata().getLabels();
        Map<?, ?> patch = Serialization.unmarshal(HollowSchedulerNodes.labelsPatch(labels), Map.class);
        assertThat((Map<?, ?>) ((Map<?, ?>) patch.get("metadata")).get("labels")).isEqualTo(Map.of(
                Templates.HOSTNAME, "scheduler-perf-node-4", Templates.ZONE, "moon-2"));
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> values = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertThat(WorkloadRun.percentile(values, 0.50)).isEqualTo(5.0);
        assertThat(WorkloadRun.percentile(values, 0.99)).isEqualTo(10.0);
        assertThat(WorkloadRun.percentile(List.of(7.0), 0.5)).isEqualTo(7.0);
        assertThat(WorkloadRun.percentile(List.of(), 0.5)).isNaN();
    }

    @Test
    void nodeCountOverrideKeepsTheRestOfTheWorkload() {
        Workload basic = Workload.all(false).getFirst();
        Workload bigger = basic.withNodes(500);
        assertThat(bigger.nodes()).isEqualTo(500);
        assertThat(bigger).isEqualTo(new Workload(basic.name(), basic.kind(), 500, basic.initPods(), basic.measuredPods(),
                basic.floor(), basic.skipReason()));
    }
}
