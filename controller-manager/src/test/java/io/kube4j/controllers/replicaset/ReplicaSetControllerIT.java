package io.kube4j.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replica controllers against the real apiserver, with the scheduler and two hollow nodes. */
class ReplicaSetControllerIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(30);


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.controllers(ReplicaSetController::new, ReplicationControllerController::new);
        cluster.scheduler();
        cluster.nodes(2);
    }

    private static ReplicaSet replicaSet(String name, int replicas) {
        Map<String, String> labels = Map.of("app", name);
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static List<Pod> livePods(String app) {
        return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static ReplicaSet rs(String name) {
        return client.apps().replicaSets().inNamespace("default").withName(name).get();
    }

    @Test
    void aReplicaSetRunsScalesReplacesAndAdopts() {
        client.resource(replicaSet("web", 5)).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var status = rs("web").getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getReadyReplicas()).isEqualTo(5);
            assertThat(status.getAvailableReplicas()).isEqualTo(5);
            assertThat(status.getReplicas()).isEqualTo(5);
            assertThat(status.getObservedGeneration()).isEqualTo(rs("web").getMetadata().getGeneration());
        });
        List<Pod> pods = livePods("web");
        assertThat(pods).hasSize(5).allSatisfy(p -> {
            assertThat(Pods.phase(p)).isEqualTo("Running");
            assertThat(Pods.ready(p)).isTrue();
            assertThat(ControllerRefs.controllerOf(p).getName()).isEqualTo("web");
        });

        // Scale down to 2: three pods go.
        client.apps().replicaSets().inNamespace("default").withName("web").scale(2);
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertThat(livePods("web")).hasSize(2);
            assertThat(rs("web").getStatus().getReadyReplicas()).isEqualTo(2); // status exists since the first phase
        });
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> "web".equals(e.getInvolvedObject().getName()) && "SuccessfulDelete".equals(e.getReason()))
                .isNotEmpty();

        // A deleted pod is replaced.
        String victim = livePods("web").getFirst().getMetadata().getName();
        client.pods().inNamespace("default").withName(victim).delete();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            List<Pod> now = livePods("web");
            assertThat(now).hasSize(2).noneMatch(p -> p.getMetadata().getName().equals(victim)).allMatch(Pods::ready);
        });

    }

    @Test
    void aRunningOrphanMatchingTheSelectorIsAdoptedInsteadOfCreatingAPod() {
        client.pods().resource(new PodBuilder().withNewMetadata().withName("stray").withNamespace("default")
                .withLabels(Map.of("app", "adopter")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().build()).create();
        await().ignoreExceptions().atMost(WAIT).until(() -> Pods.ready(client.pods().inNamespace("default").withName("stray").get()));

        client.resource(replicaSet("adopter", 1)).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Pod stray = client.pods().inNamespace("default").withName("stray").get();
            assertThat(ControllerRefs.controllerOf(stray)).isNotNull();
            assertThat(ControllerRefs.controllerOf(stray).getUid()).isEqualTo(rs("adopter").getMetadata().getUid());
            assertThat(rs("adopter").getStatus()).isNotNull();
            assertThat(rs("adopter").getStatus().getReadyReplicas()).isEqualTo(1);
        });
        assertThat(livePods("adopter")).extracting(p -> p.getMetadata().getName()).containsExactly("stray");
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .filteredOn(e -> "adopter".equals(e.getInvolvedObject().getName()) && "SuccessfulCreate".equals(e.getReason()))
                .isEmpty();
    }

    @Test
    void aReplicationControllerRunsItsPods() {
        client.resource(new ReplicationControllerBuilder().withNewMetadata().withName("legacy").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(3).withSelector(Map.of("app", "legacy"))
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "legacy")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            var status = client.replicationControllers().inNamespace("default").withName("legacy").get().getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getReadyReplicas()).isEqualTo(3);
            assertThat(status.getAvailableReplicas()).isEqualTo(3);
        });
        assertThat(livePods("legacy")).hasSize(3).allMatch(Pods::ready);
    }
}
