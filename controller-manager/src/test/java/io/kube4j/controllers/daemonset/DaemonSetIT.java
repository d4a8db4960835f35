package io.kube4j.controllers.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.HollowNodes;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DaemonSet controller against the real apiserver, with the scheduler and three hollow nodes. */
class DaemonSetIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.scheduler();
        cluster.nodes(3);
        cluster.controllers(DaemonSetController::new);
    }

    private static List<Pod> runningPods() {
        return client.pods().inNamespace("default").withLabel("app", "agent").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Pods.ready(p)).toList();
    }

    private static List<String> nodesWithPods() {
        return runningPods().stream().map(p -> p.getSpec().getNodeName()).sorted().toList();
    }

    @Test
    void onePodPerNodeFollowingTaintsAndNewNodes() throws Exception {
        DaemonSet ds = DaemonSetFixtures.ds("agent");
        client.apps().daemonSets().resource(ds).create();

        await().atMost(WAIT).until(() -> nodesWithPods().equals(List.of("hollow-0", "hollow-1", "hollow-2")));
        await().atMost(WAIT).until(() -> {
            var s = client.apps().daemonSets().inNamespace("default").withName("agent").get().getStatus();
            return s != null && Integer.valueOf(3).equals(s.getNumberReady()) && Integer.valueOf(3).equals(s.getDesiredNumberScheduled());
        });
        var status = client.apps().daemonSets().inNamespace("default").withName("agent").get().getStatus();
        assertThat(status.getCurrentNumberScheduled()).isEqualTo(3);
        assertThat(status.getUpdatedNumberScheduled()).isEqualTo(3);
        assertThat(status.getNumberAvailable()).isEqualTo(3);
        assertThat(status.getNumberMisscheduled()).isZero();
        assertThat(runningPods()).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsKey(ControllerHistory.HASH_LABEL));
        assertThat(client.apps().controllerRevisions().inNamespace("default").withLabel("app", "agent").list().getItems()).hasSize(1);

        client.nodes().withName("hollow-1").edit(n -> {
            if (n.getSpec() == null) {
                n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
            }
            n.getSpec().setTaints(List.of(new TaintBuilder().withKey("example.com/evict").withValue("yes").withEffect("NoExecute").build()));
            return n;
        });
        await().atMost(WAIT).until(() -> nodesWithPods().equals(List.of("hollow-0", "hollow-2"))
                && client.pods().inNamespace("default").withLabel("app", "agent").list().getItems().size() == 2);
        await().atMost(WAIT).until(() -> Integer.valueOf(2).equals(
                client.apps().daemonSets().inNamespace("default").withName("agent").get().getStatus().getDesiredNumberScheduled()));

        HollowNodes extra = HollowNodes.start(client, 1, "extra");
        try {
            await().atMost(WAIT).until(() -> nodesWithPods().equals(List.of("extra-0", "hollow-0", "hollow-2")));
            assertThat(client.apps().controllerRevisions().inNamespace("default").withLabel("app", "agent").list().getItems())
                    .as("no revision churn").hasSize(1);
        } finally {
            extra.close();
            // A node without its kubelet would keep every DaemonSet's pod there unavailable.
            client.nodes().withName("extra-0").delete();
        }
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .extracting(e -> e.getReason()).contains("SuccessfulCreate", "SuccessfulDelete");
    }

    @Test
    void rollingUpdateReplacesEveryPod() {
        client.apps().daemonSets().resource(DaemonSetFixtures.ds("roller")).create();
        var ds = client.apps().daemonSets().inNamespace("default").withName("roller");
        await().atMost(WAIT).until(() -> {
            var s = ds.get().getStatus();
            return s != null && s.getDesiredNumberScheduled() != null && s.getDesiredNumberScheduled() > 0
                    && s.getDesiredNumberScheduled().equals(s.getNumberAvailable());
        });
        int desired = ds.get().getStatus().getDesiredNumberScheduled();
        ds.edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("busybox:2");
            return d;
        });
        await().atMost(WAIT).until(() -> {
            var s = ds.get().getStatus();
            var pods = client.pods().inNamespace("default").withLabel("app", "roller").list().getItems();
            return s.getObservedGeneration() == 2L && Integer.valueOf(desired).equals(s.getUpdatedNumberScheduled())
                    && Integer.valueOf(desired).equals(s.getNumberAvailable()) && pods.size() == desired
                    && pods.stream().allMatch(p -> "busybox:2".equals(p.getSpec().getContainers().getFirst().getImage()));
        });
        assertThat(client.apps().controllerRevisions().inNamespace("default").withLabel("app", "roller").list().getItems()).hasSize(2);
    }
}
