package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.scheduler.core.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Upstream's message for the 4-cpu pod: no node has room, and no lower-priority pod to preempt. */
    private static final String NO_ROOM = "0/3 nodes are available: 3 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";

    private static TestApiServer server;
    private static KubernetesClient client;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        client = server.fabric8();
        // Every node has 1 cpu per 2Gi, as every pod below asks, so BalancedAllocation ties and
        // LeastAllocated (cpu share free) decides: n3 80 > n2 66 > n1 50 for the first pod, and so on.
        createNode(node("n1", "cpu", "2", "memory", "4Gi").build());
        createNode(node("n2", "cpu", "3", "memory", "6Gi").build());
        createNode(node("n3", "cpu", "5", "memory", "10Gi").build());
        scheduler = Scheduler.start(client, Profile.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void placesPodsAsTheDefaultProfileScoresThemAndRetriesAnUnschedulablePodWhenANodeJoins() {
        // Free cpu after each placement: n3 5->4 (p1), n2 3->2 (p2), n3 4->3 (p3: 60 vs n1 50, n2 33),
        // n1 2->1 (p4: 50 vs n3 40, n2 33).
        List<String> expected = List.of("n3", "n2", "n3", "n1");
        for (int i = 0; i < expected.size(); i++) {
            String name = "p" + (i + 1);
            client.pods().resource(pod(name, "cpu", "1", "memory", "2Gi").build()).create();
            String want = expected.get(i);
            await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf(name)).as(name).isEqualTo(want));
        }

        // 1, 2 and 3 cpu free: a 4-cpu pod fits nowhere.
        client.pods().resource(pod("big", "cpu", "4", "memory", "1Gi").build()).create();
        await().atMost(WAIT).untilAsserted(() -> {
            Optional<PodCondition> condition = scheduledCondition("big");
            assertThat(condition).isPresent();
            PodCondition c = condition.get();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo(NO_ROOM);
            assertThat(c.getLastTransitionTime()).isNotBlank();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsFor("big"))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("FailedScheduling");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getNote()).isEqualTo(NO_ROOM);
                }));
        assertThat(nodeOf("big")).isNull();
        assertThat(eventsFor("p1")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Scheduled");
            assertThat(e.getNote()).isEqualTo("Successfully assigned default/p1 to n3");
        });

        createNode(node("n4", "cpu", "8", "memory", "16Gi").build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(nodeOf("big")).isEqualTo("n4"));
        assertThat(scheduler.queue().pendingPods()).isEmpty();
        // the binding turns the condition True, as upstream's binding does
        assertThat(scheduledCondition("big")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isNull();
        });
    }

    private static void createNode(Node node) {
        Node created = client.nodes().resource(node).create();
        created.setStatus(node.getStatus());
        client.nodes().resource(created).updateStatus();
    }

    private static String nodeOf(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        return p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()
                ? null : p.getSpec().getNodeName();
    }

    private static Optional<PodCondition> scheduledCondition(String pod) {
        Pod p = client.pods().inNamespace("default").withName(pod).get();
        if (p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
    }

    private static List<Event> eventsFor(String pod) {
        return client.events().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getRegarding() != null && pod.equals(e.getRegarding().getName()))
                .toList();
    }
}
