package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.kube4j.scheduler.core.Profile;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.kube4j.scheduler.run.LiveCluster.WAIT;
import static io.kube4j.scheduler.testing.Fixtures.node;
import static io.kube4j.scheduler.testing.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler against the real apiserver through a fabric8 client: placement by the default
 * profile's scores, the PodScheduled=False condition and FailedScheduling event of a pod that
 * fits nowhere, and its placement once a big enough node joins.
 */
class SchedulerIT {

    /** Upstream's message for the 4-cpu pod: no node has room, and no lower-priority pod to preempt. */
    private static final String NO_ROOM = "0/3 nodes are available: 3 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";

    @AutoClose
    private static LiveCluster cluster;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        cluster = LiveCluster.start();
        // Every node has 1 cpu per 2Gi, as every pod below asks, so BalancedAllocation ties and
        // LeastAllocated (cpu share free) decides: n3 80 > n2 66 > n1 50 for the first pod, and so on.
        cluster.createNode(node("n1", "cpu", "2", "memory", "4Gi").build(),
                node("n2", "cpu", "3", "memory", "6Gi").build(),
                node("n3", "cpu", "5", "memory", "10Gi").build());
        scheduler = cluster.startScheduler(Profile.defaults());
    }

    @Test
    void placesPodsAsTheDefaultProfileScoresThemAndRetriesAnUnschedulablePodWhenANodeJoins() {
        // Free cpu after each placement: n3 5->4 (p1), n2 3->2 (p2), n3 4->3 (p3: 60 vs n1 50, n2 33),
        // n1 2->1 (p4: 50 vs n3 40, n2 33).
        List<String> expected = List.of("n3", "n2", "n3", "n1");
        for (int i = 0; i < expected.size(); i++) {
            String name = "p" + (i + 1);
            cluster.createPod(pod(name, "cpu", "1", "memory", "2Gi").build());
            String want = expected.get(i);
            await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf(name)).as(name).isEqualTo(want));
        }

        // 1, 2 and 3 cpu free: a 4-cpu pod fits nowhere.
        cluster.createPod(pod("big", "cpu", "4", "memory", "1Gi").build());
        await().atMost(WAIT).untilAsserted(() -> {
            Optional<PodCondition> condition = cluster.scheduledCondition("big");
            assertThat(condition).isPresent();
            PodCondition c = condition.get();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo(NO_ROOM);
            assertThat(c.getLastTransitionTime()).isNotBlank();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.eventsFor("big"))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("FailedScheduling");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getNote()).isEqualTo(NO_ROOM);
                }));
        assertThat(cluster.nodeOf("big")).isNull();
        assertThat(cluster.eventsFor("p1")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Scheduled");
            assertThat(e.getNote()).isEqualTo("Successfully assigned default/p1 to n3");
        });

        cluster.createNode(node("n4", "cpu", "8", "memory", "16Gi").build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.nodeOf("big")).isEqualTo("n4"));
        assertThat(scheduler.queue().pendingPods()).isEmpty();
        // the binding turns the condition True, as upstream's binding does
        assertThat(cluster.scheduledCondition("big")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isNull();
        });
    }
}
