package io.kube4j.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.HollowNodes;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stopping a simulated node's heartbeats makes it Unknown, taints it unreachable and evicts its pods. */
class NodeLifecycleIT extends ClusterPerClass {

    private static HollowNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        nodes = cluster.nodes(3, "nl");
        cluster.controllers(ControllerOptions.defaults()
                        .withNodeMonitor(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(10)),
                List.of(NodeLifecycleController::new, TaintEvictionController::new));
    }

    private static void pod(String name, String node) {
        client.pods().resource(new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox").endContainer()
                .addNewToleration().withKey(NodeTaints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(2L).endToleration().endSpec().build()).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static Node node(String name) {
        return client.nodes().withName(name).get();
    }

    private static boolean goneOrTerminating(String pod) {
        Pod p = get(pod);
        return p == null || p.getMetadata().getDeletionTimestamp() != null;
    }

    @Test
    void silentNodeIsTaintedAndItsPodsEvictedUntilItComesBack() {
        pod("victim-1", "nl-0");
        pod("victim-2", "nl-0");
        pod("bystander", "nl-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> Pods.ready(get("victim-1")) && Pods.ready(get("bystander")));
        assertThat(get("bystander").getSpec().getTolerations()).extracting(t -> t.getKey() + "=" + t.getTolerationSeconds())
                .contains(NodeTaints.NOT_READY + "=300");

        nodes.stopHeartbeats("nl-0");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Node n = node("nl-0");
            assertThat(NodeTaints.condition(n, "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(NodeTaints.condition(n, "Ready").getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(NodeTaints.has(n, NodeTaints.UNREACHABLE, NodeTaints.NO_EXECUTE)).isTrue();
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> goneOrTerminating("victim-1") && goneOrTerminating("victim-2"));
        Pod bystander = get("bystander");
        assertThat(bystander.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(Pods.ready(bystander)).isTrue();
        assertThat(NodeTaints.noExecute(node("nl-1"))).isEmpty();

        nodes.resumeHeartbeats("nl-0");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Node n = node("nl-0");
            assertThat(NodeTaints.condition(n, "Ready").getStatus()).isEqualTo("True");
            assertThat(NodeTaints.noExecute(n)).isEmpty();
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> get("victim-1") == null && get("victim-2") == null);
        assertThat(get("bystander").getMetadata().getDeletionTimestamp()).isNull();
    }
}
