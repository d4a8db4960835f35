package io.kube4j.kubelet.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kube4j.kubelet.gc.FakeRuntime;
import io.kube4j.runtime.ImageStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRegistrationTest {

    private static final Taint DEDICATED = new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build();

    private static NodeAgentOptions options() {
        return NodeAgentOptions.defaults("worker-1", Path.of("/tmp"))
                .withLabelsAndTaints(Map.of("tier", "db", "kubernetes.io/hostname", "custom"), List.of(DEDICATED))
                .withPodCidr("10.244.1.0/24");
    }

    @Test
    void theInitialNodeHasDefaultLabelsNodeLabelsTaintsAndPodCidr() {
        Node n = NodeRegistration.initialNode(options());
        assertThat(n.getMetadata().getName()).isEqualTo("worker-1");
        assertThat(n.getMetadata().getLabels())
                .containsEntry("kubernetes.io/os", "linux")
                .containsEntry("beta.kubernetes.io/os", "linux")
                .containsEntry("kubernetes.io/arch", NodeStatusSetter.architecture())
                .containsEntry("tier", "db")
                .containsEntry("kubernetes.io/hostname", "custom"); // --node-labels win, as upstream
        assertThat(n.getSpec().getTaints()).containsExactly(DEDICATED);
        assertThat(n.getSpec().getPodCIDR()).isEqualTo("10.244.1.0/24");
        assertThat(n.getSpec().getPodCIDRs()).containsExactly("10.244.1.0/24");
    }

    @Test
    void adoptingAnExistingNodeFixesDefaultLabelsAndAddsWhatIsMissingWithoutRemovingAnything() {
        Node existing = new NodeBuilder().withNewMetadata().withName("worker-1")
                .addToLabels("kubernetes.io/os", "windows").addToLabels("team", "a").addToLabels("tier", "web").endMetadata()
                .withNewSpec().withTaints(new TaintBuilder().withKey("other").withEffect("NoExecute").build()).withPodCIDR("10.9.0.0/24").endSpec()
                .build();
        boolean changed = NodeRegistration.reconcile(NodeRegistration.initialNode(options()), existing);
        assertThat(changed).isTrue();
        assertThat(existing.getMetadata().getLabels())
                .containsEntry("kubernetes.io/os", "linux")
                .containsEntry("team", "a")
                .containsEntry("tier", "web") // an operator's value stays
                .containsEntry("beta.kubernetes.io/arch", NodeStatusSetter.architecture());
        assertThat(existing.getSpec().getTaints()).extracting(Taint::getKey).containsExactly("other", "dedicated");
        assertThat(existing.getSpec().getPodCIDR()).isEqualTo("10.9.0.0/24");

        assertThat(NodeRegistration.reconcile(NodeRegistration.initialNode(options()), existing)).as("second time: nothing to do").isFalse();
    }

    @Test
    void statusReportsTheLargestFiftyImagesWithAtMostFiveNames() {
        List<ImageStatus> images = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            images.add(FakeRuntime.image("sha256:%064d".formatted(i), "example.com/img" + i + ":1", 1000L + i));
        }
        images.add(new ImageStatus("sha256:" + "f".repeat(64), List.of("a:1", "b:1", "c:1", "d:1"), List.of("a@sha256:1", "b@sha256:2"), 5000,
                images.get(0).config()));
        List<ContainerImage> out = NodeStatusSetter.images(images, 50);
        assertThat(out).hasSize(50);
        assertThat(out.get(0).getSizeBytes()).isEqualTo(5000);
        assertThat(out.get(0).getNames()).containsExactly("a@sha256:1", "b@sha256:2", "a:1", "b:1", "c:1");
        assertThat(out.get(1).getSizeBytes()).isEqualTo(1059);
        assertThat(out.get(49).getSizeBytes()).isEqualTo(1011);
        assertThat(out.get(1).getNames()).containsExactly("example.com/img59@sha256:" + "%064d".formatted(59), "example.com/img59:1");
    }

    @Test
    void statusChangedIgnoresHeartbeatsOnly() {
        var r1 = NodeConditions.update(List.of(), java.time.Instant.parse("2026-01-01T00:00:00Z"), NodePressure.NONE, List.of());
        var r2 = NodeConditions.update(r1.conditions(), java.time.Instant.parse("2026-01-01T00:00:10Z"), NodePressure.NONE, List.of());
        var a = new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withConditions(r1.conditions())
                .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("2")).build();
        var b = new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withConditions(r2.conditions())
                .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("2")).build();
        assertThat(NodeAgent.statusChanged(a, b)).isFalse();
        b.getCapacity().put("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"));
        assertThat(NodeAgent.statusChanged(a, b)).isTrue();
    }
}
