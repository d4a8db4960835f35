package io.kube4j.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.on;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static io.kube4j.scheduler.testing.Fixtures.podWithHostPort;
import static io.kube4j.scheduler.testing.Fixtures.withImages;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotTest {

    @Test
    void countsPodsOnTheirNodesAndImageSpread() {
        Node n1 = withImages(node("n1", "cpu", "4", "memory", "8Gi").build(),
                new ContainerImage(List.of("nginx:1.25", "nginx@sha256:abc"), 100L), new ContainerImage(List.of("redis"), 50L));
        Node n2 = withImages(node("n2", "cpu", "4").build(), new ContainerImage(List.of("nginx:1.25"), 100L));
        Pod a = on(pod("a", "cpu", "1", "memory", "1Gi").build(), "n1");
        Pod b = on(podWithHostPort("b", "", "TCP", 80), "n1");
        Pod c = on(pod("c", "cpu", "1").build(), "elsewhere");
        Pod pending = pod("d", "cpu", "1").build();

        Snapshot s = Snapshot.of(List.of(n1, n2), List.of(a, b, c, pending));

        assertThat(s.numNodes()).isEqualTo(2);
        NodeInfo i1 = s.get("n1");
        assertThat(i1.pods()).extracting(PodInfo::key).containsExactly("default/a", "default/b");
        assertThat(i1.requested().milliCpu()).isEqualTo(1000);
        assertThat(i1.nonZeroRequested().milliCpu()).isEqualTo(1100);
        assertThat(i1.allocatable().milliCpu()).isEqualTo(4000);
        assertThat(i1.allowedPodNumber()).isEqualTo(110);
        assertThat(i1.usedPorts().conflicts("", "TCP", 80)).isTrue();
        assertThat(i1.imageStates().get("nginx:1.25")).isEqualTo(new ImageStateSummary(100, 2));
        assertThat(i1.imageStates().get("redis:latest")).isEqualTo(new ImageStateSummary(50, 1));
        assertThat(s.get("n2").pods()).isEmpty();

        assertThat(i1.removePod(b)).isTrue();
        assertThat(i1.usedPorts().size()).isZero();
        assertThat(i1.nonZeroRequested().milliCpu()).isEqualTo(1000);
        assertThat(i1.removePod(b)).isFalse();
    }

    @Test
    void normalizedImageNames() {
        assertThat(ImageStateSummary.normalizedName("nginx")).isEqualTo("nginx:latest");
        assertThat(ImageStateSummary.normalizedName("nginx:1.2")).isEqualTo("nginx:1.2");
        assertThat(ImageStateSummary.normalizedName("localhost:5000/nginx")).isEqualTo("localhost:5000/nginx:latest");
        assertThat(ImageStateSummary.normalizedName("localhost:5000/nginx:1")).isEqualTo("localhost:5000/nginx:1");
    }

    @Test
    void withReplacedSwapsNamedNodesKeepsOrderAndLeavesTheOriginalAlone() {
        Snapshot first = Snapshot.of(List.of(node("n1", "cpu", "4").build(), node("n2", "cpu", "4").build(),
                node("n3", "cpu", "4").build()), List.of());
        NodeInfo n2 = first.get("n2").copy();
        n2.addPod(on(pod("a", "cpu", "1").build(), "n2"));

        Snapshot second = first.withReplaced(java.util.Map.of("n2", n2));

        assertThat(second.nodeInfos()).extracting(NodeInfo::name).containsExactly("n1", "n2", "n3");
        assertThat(second.get("n2")).isSameAs(n2);
        assertThat(second.get("n1")).isSameAs(first.get("n1"));
        assertThat(second.get("missing")).isNull();
        assertThat(first.get("n2").pods()).as("the original is not changed").isEmpty();
        assertThat(first.withReplaced(java.util.Map.of())).isSameAs(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.withReplaced(java.util.Map.of("n9", n2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheNodesWithAffinityPodsThroughWithReplaced() {
        Pod avoids = on(pod("avoids", "cpu", "1").build(), "n1");
        avoids.getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("zone").endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().build());
        Pod prefers = on(pod("prefers", "cpu", "1").build(), "n2");
        prefers.getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder().withNewPodAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(1).withNewPodAffinityTerm()
                .withTopologyKey("zone").endPodAffinityTerm().endPreferredDuringSchedulingIgnoredDuringExecution()
                .endPodAffinity().build());
        Pod plain = on(pod("plain", "cpu", "1").build(), "n3");
        Snapshot first = Snapshot.of(List.of(node("n1", "cpu", "4").build(), node("n2", "cpu", "4").build(),
                node("n3", "cpu", "4").build()), List.of(avoids, prefers, plain));

        assertThat(first.nodesWithPodsWithAffinity()).extracting(NodeInfo::name).containsExactlyInAnyOrder("n1", "n2");
        assertThat(first.nodesWithPodsWithRequiredAntiAffinity()).extracting(NodeInfo::name).containsExactly("n1");
        assertThat(first.get("n1").podsWithRequiredAntiAffinity()).extracting(PodInfo::key).containsExactly("default/avoids");
        assertThat(first.get("n2").podsWithAffinity()).extracting(PodInfo::key).containsExactly("default/prefers");
        assertThat(first.get("n2").podsWithRequiredAntiAffinity()).isEmpty();
        assertThat(first.get("n3").podsWithAffinity()).isEmpty();

        NodeInfo n1 = first.get("n1").copy();
        assertThat(n1.removePod(avoids)).isTrue();
        assertThat(n1.podsWithAffinity()).isEmpty();
        NodeInfo n3 = first.get("n3").copy();
        n3.addPod(on(avoids, "n3"));
        Snapshot second = first.withReplaced(java.util.Map.of("n1", n1, "n3", n3));

        assertThat(second.nodesWithPodsWithAffinity()).extracting(NodeInfo::name).containsExactlyInAnyOrder("n2", "n3");
        assertThat(second.nodesWithPodsWithRequiredAntiAffinity()).containsExactly(n3);
        assertThat(first.nodesWithPodsWithRequiredAntiAffinity()).as("the original is not changed")
                .extracting(NodeInfo::name).containsExactly("n1");
    }
}
