package io.kube4j.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class NodeIpamControllerTest {

    private static final ControllerOptions ALLOCATING = ControllerOptions.defaults()
            .withNodeCidrs(new ControllerOptions.NodeCidrs(true, "10.42.0.0/23", 24));

    private static Node node(String name, String podCidr) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").endMetadata();
        if (podCidr != null) {
            b.withNewSpec().withPodCIDR(podCidr).withPodCIDRs(podCidr).endSpec();
        }
        return b.build();
    }

    private static NodeIpamController controller(FakeCluster fake, ControllerOptions options) {
        return new NodeIpamController(fake.context(InstantSource.system(), options));
    }

    @Test
    void aNodeWithoutACidrGetsTheFirstFreeBlock() {
        FakeCluster fake = new FakeCluster();
        fake.seed(node("a", "10.42.0.0/24"), node("b", null));
        controller(fake, ALLOCATING).sync("b");
        Node b = fake.stored(Node.class, null, "b");
        assertThat(b.getSpec().getPodCIDR()).isEqualTo("10.42.1.0/24");
        assertThat(b.getSpec().getPodCIDRs()).containsExactly("10.42.1.0/24");
        assertThat(fake.stored(Node.class, null, "a").getSpec().getPodCIDR()).isEqualTo("10.42.0.0/24");
    }

    @Test
    void anExhaustedClusterCidrIsReportedAndADeletedNodesBlockIsReused() {
        FakeCluster fake = new FakeCluster();
        fake.seed(node("a", "10.42.0.0/24"), node("b", "10.42.1.0/24"), node("c", null));
        NodeIpamController controller = controller(fake, ALLOCATING);
        controller.sync("c");
        assertThat(fake.stored(Node.class, null, "c").getSpec()).matches(s -> s == null || s.getPodCIDR() == null);
        assertThat(fake.events().reasons()).contains("CIDRNotAvailable");

        fake.remove(fake.stored(Node.class, null, "a"));
        controller.sync("a");
        controller.sync("c");
        assertThat(fake.stored(Node.class, null, "c").getSpec().getPodCIDR()).isEqualTo("10.42.0.0/24");
    }

    @Test
    void withAllocationOffNothingIsWritten() {
        FakeCluster fake = new FakeCluster();
        fake.seed(node("b", null));
        controller(fake, ControllerOptions.defaults()).sync("b");
        assertThat(fake.actions()).isEmpty();
    }
}
