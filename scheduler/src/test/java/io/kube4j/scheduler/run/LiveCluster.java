package io.kube4j.scheduler.run;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kube4j.apiserver.testing.TestApiServer;
import io.kube4j.scheduler.core.Profile;
import io.kube4j.scheduler.config.PluginContext;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real apiserver over an in-memory store and a fabric8 client to it, with the writes scheduler
 * ITs set up (nodes with status, pods) and the reads they assert on: a pod, its node, its
 * PodScheduled condition, its events. Owns the server, the client and any scheduler started
 * through {@link #startScheduler}; close stops them all, the scheduler first. Not thread-safe:
 * one test class drives it.
 */
final class LiveCluster implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final TestApiServer server;
    final KubernetesClient client;
    private Scheduler scheduler;

    private LiveCluster(TestApiServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
    }

    static LiveCluster start() throws Exception {
        TestApiServer server = TestApiServer.start();
        return new LiveCluster(server, server.fabric8());
    }

    /** Starts a scheduler on this cluster's client with {@code profile}; {@link #close} stops it. */
    Scheduler startScheduler(Profile profile) throws InterruptedException {
        return startScheduler(context -> profile);
    }

    /** Starts a scheduler whose profile is built from its plugin inputs; {@link #close} stops it. */
    Scheduler startScheduler(Function<PluginContext, Profile> profileFor) throws InterruptedException {
        if (scheduler != null) {
            throw new IllegalStateException("a scheduler already runs on this cluster");
        }
        scheduler = Scheduler.start(client, profileFor);
        return scheduler;
    }

    /** Creates each node and writes its status (allocatable), as a kubelet would. */
    void createNode(Node... nodes) {
        for (Node node : nodes) {
            Node created = client.nodes().resource(node).create();
            created.setStatus(node.getStatus());
            client.nodes().resource(created).updateStatus();
        }
    }

    Pod createPod(Pod pod) {
        return client.pods().resource(pod).create();
    }

    /** The pod named {@code name} in namespace default, or null if there is none. */
    Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    /** The pod's node, or null while unbound. */
    String nodeOf(String pod) {
        Pod p = pod(pod);
        return p == null || p.getSpec().getNodeName() == null || p.getSpec().getNodeName().isEmpty()
                ? null : p.getSpec().getNodeName();
    }

    /** Waits until {@code pod} is bound, and returns its node. */
    String awaitBound(String pod) {
        await().atMost(WAIT).until(() -> nodeOf(pod) != null);
        return nodeOf(pod);
    }

    Optional<PodCondition> scheduledCondition(String pod) {
        Pod p = pod(pod);
        if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
    }

    List<Event> eventsFor(String pod) {
        return client.events().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> e.getRegarding() != null && pod.equals(e.getRegarding().getName()))
                .toList();
    }

    /**
     * Waits until {@code pod} has PodScheduled=False, reason Unschedulable, with upstream's
     * {@code message}, and a Warning FailedScheduling event with the same note; the pod stays
     * unbound. A DefaultPreemption PostFilter may append upstream's {@code " preemption: ..."}
     * sentence, which is accepted.
     */
    void awaitUnschedulable(String pod, String message) {
        await().atMost(WAIT).untilAsserted(() -> {
            PodCondition c = scheduledCondition(pod).orElseThrow(() -> new AssertionError("no PodScheduled on " + pod));
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertMessage(c.getMessage(), message);
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(eventsFor(pod)).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("FailedScheduling");
            assertThat(e.getType()).isEqualTo("Warning");
            assertMessage(e.getNote(), message);
        }));
        assertThat(nodeOf(pod)).as("node of " + pod).isNull();
    }

    private static void assertMessage(String actual, String expected) {
        assertThat(actual).isNotNull();
        if (!actual.equals(expected)) {
            assertThat(actual).startsWith(expected + " preemption: ");
        }
    }

    @Override
    public void close() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        client.close();
        server.close();
    }
}
