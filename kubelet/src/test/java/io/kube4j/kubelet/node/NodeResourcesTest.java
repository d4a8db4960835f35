package io.kube4j.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeResourcesTest {

    private static final long GI = 1L << 30;
    private static final MachineInfo MACHINE =
            new MachineInfo(2, 24684096L * 1024, Map.of("2Mi", 0L, "1Gi", 0L), "m", "", "b", "k", "Linux");

    @Test
    void capacityComesFromTheMachine() {
        NodeResources r = NodeResources.compute(MACHINE, 100 * GI, 110, Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(text(r.capacity())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cpu", "2", "memory", "24684096Ki", "ephemeral-storage", "100Gi", "pods", "110", "hugepages-2Mi", "0", "hugepages-1Gi", "0"));
        assertThat(text(r.allocatable())).isEqualTo(text(r.capacity()));
    }

    @Test
    void allocatableIsCapacityLessReservedLessHardEviction() {
        NodeResources r = NodeResources.compute(MACHINE, 100 * GI, 110, Map.of(),
                Map.of("cpu", "100m", "memory", "256Mi"), Map.of("cpu", "150m", "memory", "256Mi", "ephemeral-storage", "1Gi"),
                NodeAgentOptions.DEFAULT_EVICTION_HARD);
        // 24684096Ki - 512Mi - 100Mi = 24684096Ki - 626688Ki
        assertThat(text(r.allocatable())).containsEntry("cpu", "1750m")
                .containsEntry("memory", (24684096 - 626688) + "Ki")
                // 100Gi - 1Gi - 10% of 100Gi (10Gi) = 89Gi
                .containsEntry("ephemeral-storage", "89Gi")
                .containsEntry("pods", "110");
    }

    @Test
    void aPercentageThresholdOfAnOddCapacityIsRoundedDown() {
        long capacity = 1000L * 1024 * 1024 + 7;
        NodeResources r = NodeResources.compute(MACHINE, capacity, 110, Map.of(), Map.of(), Map.of(), Map.of("nodefs.available", "10%"));
        long expected = capacity - (long) (capacity * 0.1);
        assertThat(Quantities.value(r.allocatable().get("ephemeral-storage"))).isEqualTo(expected);
        assertThat(r.allocatable().get("ephemeral-storage").toString()).isEqualTo(Long.toString(expected));
    }

    @Test
    void hugePagesComeOutOfAllocatableMemory() {
        MachineInfo withHuge = new MachineInfo(4, 8 * GI, Map.of("2Mi", 512L * 1024 * 1024, "1Gi", GI), "m", "", "b", "k", "Linux");
        NodeResources r = NodeResources.compute(withHuge, 10 * GI, 110, Map.of(), Map.of(), Map.of(), Map.of("memory.available", "100Mi"));
        assertThat(text(r.capacity())).containsEntry("hugepages-2Mi", "512Mi").containsEntry("hugepages-1Gi", "1Gi");
        // 8192Mi - 100Mi - 512Mi - 1024Mi = 6556Mi
        assertThat(text(r.allocatable())).containsEntry("memory", "6556Mi");
    }

    @Test
    void overridesReplaceTheMachineAndAllocatableNeverGoesNegative() {
        NodeResources r = NodeResources.compute(MACHINE, 100 * GI, 30, Map.of("cpu", "500m", "memory", "64Mi"), Map.of("cpu", "1"), Map.of(),
                Map.of("memory.available", "100Mi"));
        assertThat(text(r.capacity())).containsEntry("cpu", "500m").containsEntry("memory", "64Mi").containsEntry("pods", "30");
        assertThat(text(r.allocatable())).containsEntry("cpu", "0").containsEntry("memory", "0");
    }

    @Test
    void rejectsAMalformedQuantity() {
        assertThatThrownBy(() -> NodeResources.compute(MACHINE, GI, 110, Map.of(), Map.of("memory", "lots"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quantitiesPrintAsUpstream() {
        assertThat(Quantities.binarySi(100L * 1024 * 1024)).isEqualTo("100Mi");
        assertThat(Quantities.binarySi(1536)).isEqualTo("1536");
        assertThat(Quantities.binarySi(3L * 1024)).isEqualTo("3Ki");
        assertThat(Quantities.binarySi(0)).isEqualTo("0");
        assertThat(Quantities.cpu(1900)).isEqualTo("1900m");
        assertThat(Quantities.cpu(2000)).isEqualTo("2");
        assertThat(Quantities.value("1G")).isEqualTo(1_000_000_000L);
        assertThat(Quantities.milliValue(new Quantity("250m"))).isEqualTo(250);
    }

    private static Map<String, String> text(Map<String, Quantity> m) {
        Map<String, String> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
