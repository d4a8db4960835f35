package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.kube4j.scheduler.core.Profile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.kube4j.scheduler.run.LiveCluster.WAIT;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Preemption against the real apiserver: priorities come from PriorityClasses through the
 * apiserver's Priority admission; a full node's low-priority pod is evicted for a high-priority
 * pod, which is nominated and then bound once the victim is gone (the test plays the kubelet
 * and finishes the graceful deletion); a pod whose class says preemptionPolicy Never waits.
 */
class PreemptionIT {

    @AutoClose
    private static LiveCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LiveCluster.start();
        priorityClass("low", 100, "PreemptLowerPriority");
        priorityClass("mid-never", 500, "Never");
        priorityClass("high", 1000, "PreemptLowerPriority");
        cluster.createNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        cluster.startScheduler(Profile.defaults());
    }

    @Test
    void aHighPriorityPodEvictsALowPriorityOneAndIsBoundThereButANeverPodWaits() throws Exception {
        create("low-1", "low");
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.pod("low-1").getSpec().getNodeName()).isEqualTo("n1"));
        create("low-2", "low");
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.pod("low-2").getSpec().getNodeName()).isEqualTo("n1"));

        // Higher than the victims, but its class forbids preempting: it waits, nobody is evicted.
        create("patient", "mid-never");
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.scheduledCondition("patient")).hasValueSatisfying(c ->
                assertThat(c.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                        + "preemption: not eligible due to preemptionPolicy=Never.")));
        assertThat(cluster.pod("low-1").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(cluster.pod("low-2").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(cluster.pod("patient").getStatus().getNominatedNodeName()).isNull();

        create("urgent", "high");
        // Equal victims: the one created later (no start time without a kubelet) is evicted.
        await().atMost(WAIT).untilAsserted(() -> {
            Pod victim = cluster.pod("low-2");
            assertThat(victim.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(victim.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DisruptionTarget");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
            });
            assertThat(cluster.pod("urgent").getStatus().getNominatedNodeName()).isEqualTo("n1");
        });
        assertThat(cluster.pod("low-1").getMetadata().getDeletionTimestamp()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.eventsFor("low-2")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Preempted");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getNote()).isEqualTo("Preempted by pod " + cluster.pod("urgent").getMetadata().getUid() + " on node n1");
        }));
        assertThat(cluster.pod("urgent").getSpec().getNodeName()).isNull();

        // The kubelet's part: the victim's containers stop and the pod object goes.
        cluster.client.pods().inNamespace("default").withName("low-2").withGracePeriod(0).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.pod("urgent").getSpec().getNodeName()).isEqualTo("n1"));
        assertThat(cluster.pod("low-1").getSpec().getNodeName()).isEqualTo("n1");
        assertThat(cluster.pod("patient").getSpec().getNodeName()).isNull();
    }

    private static void priorityClass(String name, int value, String policy) {
        cluster.client.resource(new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value)
                .withPreemptionPolicy(policy).build()).create();
    }

    private static void create(String name, String priorityClass) {
        Pod p = pod(name, "cpu", "1", "memory", "1Gi").build();
        p.getSpec().setPriorityClassName(priorityClass);
        cluster.createPod(p);
    }
}
