package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
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
 * Preemption against the real apiserver: priorities come from PriorityClasses through the
 * apiserver's Priority admission; a full node's low-priority pod is evicted for a high-priority
 * pod, which is nominated and then bound once the victim is gone (the test plays the kubelet
 * and finishes the graceful deletion); a pod whose class says preemptionPolicy Never waits.
 */
class PreemptionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestApiServer server;
    private static KubernetesClient client;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        client = server.fabric8();
        priorityClass("low", 100, "PreemptLowerPriority");
        priorityClass("mid-never", 500, "Never");
        priorityClass("high", 1000, "PreemptLowerPriority");
        Node n1 = client.nodes().resource(node("n1", "cpu", "2", "memory", "4Gi").build()).create();
        n1.setStatus(node("n1", "cpu", "2", "memory", "4Gi").build().getStatus());
        client.nodes().resource(n1).updateStatus();
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
    void aHighPriorityPodEvictsALowPriorityOneAndIsBoundThereButANeverPodWaits() throws Exception {
        create("low-1", "low");
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("low-1").getSpec().getNodeName()).isEqualTo("n1"));
        create("low-2", "low");
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("low-2").getSpec().getNodeName()).isEqualTo("n1"));

        // Higher than the victims, but its class forbids preempting: it waits, nobody is evicted.
        create("patient", "mid-never");
        await().atMost(WAIT).untilAsserted(() -> assertThat(scheduledCondition("patient")).hasValueSatisfying(c ->
                assertThat(c.getMessage()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                        + "preemption: not eligible due to preemptionPolicy=Never.")));
        assertThat(get("low-1").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(get("low-2").getMetadata().getDeletionTimestamp()).isNull();
        assertThat(get("patient").getStatus().getNominatedNodeName()).isNull();

        create("urgent", "high");
        // Equal victims: the one created later (no start time without a kubelet) is evicted.
        await().atMost(WAIT).untilAsserted(() -> {
            Pod victim = get("low-2");
            assertThat(victim.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(victim.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("DisruptionTarget");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
            });
            assertThat(get("urgent").getStatus().getNominatedNodeName()).isEqualTo("n1");
        });
        assertThat(get("low-1").getMetadata().getDeletionTimestamp()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsFor("low-2")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("Preempted");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getNote()).isEqualTo("Preempted by pod " + get("urgent").getMetadata().getUid() + " on node n1");
        }));
        assertThat(get("urgent").getSpec().getNodeName()).isNull();

        // The kubelet's part: the victim's containers stop and the pod object goes.
        client.pods().inNamespace("default").withName("low-2").withGracePeriod(0).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("urgent").getSpec().getNodeName()).isEqualTo("n1"));
        assertThat(get("low-1").getSpec().getNodeName()).isEqualTo("n1");
        assertThat(get("patient").getSpec().getNodeName()).isNull();
    }

    private static void priorityClass(String name, int value, String policy) {
        client.resource(new PriorityClassBuilder().withNewMetadata().withName(name).endMetadata().withValue(value)
                .withPreemptionPolicy(policy).build()).create();
    }

    private static void create(String name, String priorityClass) {
        Pod p = pod(name, "cpu", "1", "memory", "1Gi").build();
        p.getSpec().setPriorityClassName(priorityClass);
        client.pods().resource(p).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static Optional<PodCondition> scheduledCondition(String pod) {
        Pod p = get(pod);
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
