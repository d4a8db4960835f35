package io.kube4j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.controllers.machinery.ControllerRefs;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.replicaset.ReplicaSetController;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Deployment and ReplicaSet controllers against the real apiserver with the scheduler and
 * hollow nodes, driven by fabric8 and by the real kubectl's {@code rollout} commands.
 */
class DeploymentIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String NS = "default";

    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.controllers(DeploymentController::new, ReplicaSetController::new);
        cluster.scheduler();
        cluster.nodes(2);
        kubectl = new Kubectl(cluster.kubeconfig());
    }

    private static Deployment deployment(String name, int replicas, String image) {
        Map<String, String> labels = Map.of("app", name);
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static Deployment get(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private static List<ReplicaSet> replicaSets(String name) {
        Deployment d = get(name);
        return client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .filter(rs -> ControllerRefs.controlledBy(rs, d)).toList();
    }

    private static ReplicaSet withImage(String name, String image) {
        return replicaSets(name).stream()
                .filter(rs -> image.equals(rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()))
                .findFirst().orElse(null);
    }

    private static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    /** Waits until the Deployment reports every replica updated and available for its latest generation. */
    private static void awaitRolledOut(String name, int replicas) {
        await().atMost(WAIT).untilAsserted(() -> {
            Deployment d = get(name);
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
            assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
            assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });
    }

    @Test
    void aDeploymentRollsOutAndARollingUpdateKeepsMinimumAvailability() throws Exception {
        client.resource(deployment("web", 6, "nginx:1")).create();
        awaitRolledOut("web", 6);
        assertThat(kubectl.ok("rollout", "status", "deployment/web", "-n", NS, "--timeout=40s"))
                .contains("deployment \"web\" successfully rolled out");
        Deployment d = get("web");
        assertThat(DeploymentConditions.get(d.getStatus(), "Available").getStatus()).isEqualTo("True");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(client.pods().inNamespace(NS).withLabel("app", "web").list().getItems())
                .hasSize(6).allMatch(Pods::ready).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsKey("pod-template-hash"));

        // 6 replicas at 25%/25%: at least 5 pods available at every instant the apiserver records, and
        // the ReplicaSets never sized above 8 in all.
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger highest = new AtomicInteger();
        SharedIndexInformer<Pod> podWatch = client.pods().inNamespace(NS).withLabel("app", "web").inform();
        SharedIndexInformer<ReplicaSet> rsWatch = client.apps().replicaSets().inNamespace(NS).withLabel("app", "web").inform();
        try {
            podWatch.addEventHandler(onEveryChange(() -> lowest.accumulateAndGet((int) podWatch.getStore().list().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Pods.ready(p)).count(), Math::min)));
            rsWatch.addEventHandler(onEveryChange(() -> highest.accumulateAndGet(rsWatch.getStore().list().stream()
                    .mapToInt(rs -> rs.getSpec().getReplicas()).sum(), Math::max)));
            await().atMost(WAIT).until(() -> podWatch.hasSynced() && rsWatch.hasSynced());
            kubectl.ok("set", "image", "deployment/web", "c=nginx:2", "-n", NS);
            assertThat(kubectl.ok("rollout", "status", "deployment/web", "-n", NS, "--timeout=40s"))
                    .contains("successfully rolled out");
            awaitRolledOut("web", 6);
            await().atMost(WAIT).until(() -> client.pods().inNamespace(NS).withLabel("app", "web").list().getItems().size() == 6);
        } finally {
            podWatch.close();
            rsWatch.close();
        }
        assertThat(lowest.get()).as("available pods during the rolling update").isGreaterThanOrEqualTo(5);
        assertThat(highest.get()).as("replicas of all ReplicaSets during the rolling update").isLessThanOrEqualTo(8);
        assertThat(withImage("web", "nginx:2").getSpec().getReplicas()).isEqualTo(6);
        assertThat(withImage("web", "nginx:1").getSpec().getReplicas()).isZero();
        assertThat(client.pods().inNamespace(NS).withLabel("app", "web").list().getItems())
                .allMatch(p -> "nginx:2".equals(p.getSpec().getContainers().getFirst().getImage()));
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> "web".equals(e.getInvolvedObject().getName()) && "ScalingReplicaSet".equals(e.getReason()))
                .extracting(e -> e.getMessage())
                .anyMatch(m -> m.startsWith("Scaled up replica set web-"))
                .anyMatch(m -> m.startsWith("Scaled down replica set web-") && m.endsWith(" to 0"));
    }

    private static <T> ResourceEventHandler<T> onEveryChange(Runnable check) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                check.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                check.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                check.run();
            }
        };
    }

    @Test
    void kubectlRolloutHistoryAndUndoRestoreThePreviousReplicaSet() throws Exception {
        client.resource(deployment("undo", 3, "nginx:1")).create();
        awaitRolledOut("undo", 3);
        String first = withImage("undo", "nginx:1").getMetadata().getName();
        kubectl.ok("set", "image", "deployment/undo", "c=nginx:2", "-n", NS);
        kubectl.ok("annotate", "deployment/undo", "kubernetes.io/change-cause=to nginx 2", "-n", NS);
        kubectl.ok("rollout", "status", "deployment/undo", "-n", NS, "--timeout=40s");
        awaitRolledOut("undo", 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(withImage("undo", "nginx:2").getMetadata().getAnnotations())
                .containsEntry("kubernetes.io/change-cause", "to nginx 2"));

        String history = kubectl.ok("rollout", "history", "deployment/undo", "-n", NS);
        assertThat(history).containsPattern("(?m)^1\\s+<none>").containsPattern("(?m)^2\\s+to nginx 2");
        assertThat(kubectl.ok("rollout", "history", "deployment/undo", "-n", NS, "--revision=1")).contains("nginx:1");

        assertThat(kubectl.ok("rollout", "undo", "deployment/undo", "-n", NS)).contains("rolled back");
        assertThat(image(get("undo"))).isEqualTo("nginx:1");
        kubectl.ok("rollout", "status", "deployment/undo", "-n", NS, "--timeout=40s");
        awaitRolledOut("undo", 3);
        ReplicaSet restored = withImage("undo", "nginx:1");
        assertThat(restored.getMetadata().getName()).as("undo reuses the first ReplicaSet").isEqualTo(first);
        assertThat(restored.getSpec().getReplicas()).isEqualTo(3);
        assertThat(restored.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(withImage("undo", "nginx:2").getSpec().getReplicas()).isZero();
        assertThat(replicaSets("undo")).hasSize(2);
        assertThat(get("undo").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(kubectl.ok("rollout", "history", "deployment/undo", "-n", NS)).containsPattern("(?m)^2\\s").containsPattern("(?m)^3\\s")
                .doesNotContainPattern("(?m)^1\\s");
    }

    @Test
    void kubectlRolloutPauseResumeAndRestart() throws Exception {
        client.resource(deployment("paused", 2, "nginx:1")).create();
        awaitRolledOut("paused", 2);

        kubectl.ok("rollout", "pause", "deployment/paused", "-n", NS);
        kubectl.ok("set", "image", "deployment/paused", "c=nginx:2", "-n", NS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(DeploymentConditions.get(get("paused").getStatus(), "Progressing").getReason())
                .isEqualTo("DeploymentPaused"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(withImage("paused", "nginx:2")).as("no rollout while paused").isNull());
        kubectl.ok("scale", "deployment/paused", "--replicas=3", "-n", NS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(withImage("paused", "nginx:1").getSpec().getReplicas()).isEqualTo(3));

        kubectl.ok("rollout", "resume", "deployment/paused", "-n", NS);
        assertThat(kubectl.ok("rollout", "status", "deployment/paused", "-n", NS, "--timeout=40s")).contains("successfully rolled out");
        awaitRolledOut("paused", 3);
        assertThat(withImage("paused", "nginx:2").getSpec().getReplicas()).isEqualTo(3);

        String before = withImage("paused", "nginx:2").getMetadata().getName();
        kubectl.ok("rollout", "restart", "deployment/paused", "-n", NS);
        assertThat(kubectl.ok("rollout", "status", "deployment/paused", "-n", NS, "--timeout=40s")).contains("successfully rolled out");
        awaitRolledOut("paused", 3);
        List<ReplicaSet> sets = replicaSets("paused");
        assertThat(sets).hasSize(3);
        ReplicaSet restarted = sets.stream().filter(rs -> rs.getSpec().getReplicas() == 3).findFirst().orElseThrow();
        assertThat(restarted.getMetadata().getName()).isNotEqualTo(before);
        assertThat(restarted.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(restarted.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    }
}
