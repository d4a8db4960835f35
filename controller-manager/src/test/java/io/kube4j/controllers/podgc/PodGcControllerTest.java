package io.kube4j.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PodGcControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = now::get;
    private final FakeCluster fake = new FakeCluster();

    private PodGcController controller(int threshold) {
        return new PodGcController(fake.context(clock, ControllerOptions.defaults().withTerminatedPodGcThreshold(threshold)));
    }

    private static Pod pod(String name, String node, String phase, int createdSecond) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp(T0.plusSeconds(createdSecond).toString()).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    private List<String> deleted() {
        return fake.actions("delete", "Pod").stream().map(FakeCluster.Action::name).toList();
    }

    @Test
    void deletesTheOldestTerminatedPodsBeyondTheThreshold() {
        Pod evicted = pod("evicted", "n", "Failed", 9);
        evicted.getStatus().setReason("Evicted");
        fake.seed(node("n"), pod("old", "n", "Succeeded", 1), pod("mid", "n", "Failed", 2), pod("new", "n", "Succeeded", 3),
                pod("running", "n", "Running", 0), pod("pending", "n", "Pending", 0), evicted);
        controller(2).gc();
        assertThat(deleted()).containsExactly("evicted", "old");
        assertThat(fake.actions("patch", "Pod")).isEmpty();
        assertThat(fake.stored(Pod.class, "default", "mid")).isNotNull();
    }

    @Test
    void thresholdZeroKeepsEveryTerminatedPod() {
        fake.seed(node("n"), pod("old", "n", "Succeeded", 1));
        controller(0).gc();
        assertThat(deleted()).isEmpty();
    }

    @Test
    void podsOfAGoneNodeAreFailedAndDeletedAfterTheQuarantine() {
        fake.seed(node("n"), pod("orphan", "gone", "Running", 1), pod("fine", "n", "Running", 1));
        PodGcController gc = controller(100);
        gc.gc();
        now.set(T0.plusSeconds(39));
        gc.gc();
        assertThat(deleted()).isEmpty();

        now.set(T0.plusSeconds(40));
        gc.gc();
        assertThat(deleted()).containsExactly("orphan");
        Pod patched = (Pod) fake.actions("patch", "Pod").getFirst().object();
        assertThat(Pods.phase(patched)).isEqualTo("Failed");
        assertThat(Pods.condition(patched, "DisruptionTarget").getReason()).isEqualTo("DeletionByPodGC");
        assertThat(Pods.condition(patched, "DisruptionTarget").getMessage()).isEqualTo("PodGC: node no longer exists");
    }

    @Test
    void aNodeTheCacheMissesButTheServerHasKeepsItsPods() {
        fake.seed(node("late"), pod("p", "late", "Running", 1));
        fake.remove(node("late"));
        fake.seed(pod("p2", "late", "Running", 1));
        PodGcController gc = controller(100);
        gc.gc();
        // The server has the node again (the cache is behind): the live read saves the pods.
        fake.holdEvents();
        fake.create(node("late"));
        now.set(T0.plusSeconds(41));
        gc.gc();
        assertThat(deleted()).isEmpty();
    }

    @Test
    void unscheduledTerminatingPodsAreForceDeleted() {
        Pod p = pod("stuck", null, "Pending", 1);
        p.getMetadata().setFinalizers(List.of("example.com/hold"));
        fake.seed(node("n"), p);
        fake.delete(Pod.class, "default", "stuck", Api.Deletion.DEFAULT);
        fake.clearActions();
        controller(100).gc();
        assertThat(fake.actions("delete", "Pod")).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("stuck"));
        assertThat(Pods.phase((Pod) fake.actions("patch", "Pod").getFirst().object())).isEqualTo("Failed");
    }

    @Test
    void terminatingPodsOnOutOfServiceNodesAreForceDeleted() {
        Node n = node("oos");
        n.getStatus().getConditions().getFirst().setStatus("False");
        n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpecBuilder().addNewTaint().withKey(PodGcController.OUT_OF_SERVICE)
                .withEffect("NoExecute").endTaint().build());
        Pod p = pod("t", "oos", "Running", 1);
        p.getMetadata().setFinalizers(List.of("example.com/hold"));
        Pod q = pod("u", "n", "Running", 1);
        q.getMetadata().setFinalizers(List.of("example.com/hold"));
        fake.seed(n, node("n"), p, q);
        fake.delete(Pod.class, "default", "t", Api.Deletion.DEFAULT);
        fake.delete(Pod.class, "default", "u", Api.Deletion.DEFAULT);
        fake.clearActions();
        controller(100).gc();
        assertThat(deleted()).containsExactly("t");
    }
}
