package io.kube4j.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet controller against the real apiserver, with the scheduler (binding the claims
 * to static volumes of a WaitForFirstConsumer class) and three hollow nodes.
 */
class StatefulSetIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(45);

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.scheduler();
        cluster.nodes(3);
        cluster.controllers(StatefulSetController::new);
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("local-wffc")
                .endMetadata().withProvisioner("kubernetes.io/no-provisioner").withVolumeBindingMode("WaitForFirstConsumer").build()).create();
        for (int i = 0; i < 3; i++) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-" + i).endMetadata()
                    .withNewSpec().withStorageClassName("local-wffc").withAccessModes("ReadWriteOnce")
                    .withCapacity(Map.of("storage", new Quantity("1Gi"))).withNewHostPath().withPath("/mnt/pv-" + i).endHostPath()
                    .endSpec().build()).create();
        }
    }

    private static StatefulSet set() {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(3).withServiceName("web")
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withStorageClassName("local-wffc").withAccessModes("ReadWriteOnce").withNewResources()
                        .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build())
                .endSpec().build();
    }

    private static RollableScalableResource<StatefulSet> web() {
        return client.apps().statefulSets().inNamespace("default").withName("web");
    }

    private static List<Pod> pods() {
        return client.pods().inNamespace("default").withLabel("app", "web").list().getItems();
    }

    private static boolean settled(int replicas) {
        StatefulSet s = web().get();
        List<Pod> pods = pods();
        return s.getStatus() != null && Integer.valueOf(replicas).equals(s.getStatus().getReadyReplicas())
                && pods.size() == replicas && pods.stream().allMatch(Pods::ready);
    }

    @Test
    void orderedScaleUpScaleDownAndPartitionedRollingUpdate() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (Watch ignored = client.pods().inNamespace("default").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED || action == Action.DELETED) {
                    seen.add(action + " " + pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.apps().statefulSets().resource(set()).create();
            await().atMost(WAIT).until(() -> settled(3));
            assertThat(List.copyOf(seen)).containsExactly("ADDED web-0", "ADDED web-1", "ADDED web-2");
            for (int i = 1; i < 3; i++) {
                Pod previous = client.pods().inNamespace("default").withName("web-" + (i - 1)).get();
                Pod next = client.pods().inNamespace("default").withName("web-" + i).get();
                Instant readyAt = Instant.parse(Pods.condition(previous, "Ready").getLastTransitionTime());
                assertThat(Instant.parse(next.getMetadata().getCreationTimestamp())).as("web-%d waits for web-%d", i, i - 1)
                        .isAfterOrEqualTo(readyAt);
            }
            assertThat(client.persistentVolumeClaims().inNamespace("default").list().getItems())
                    .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("data-web-0", "data-web-1", "data-web-2");
            assertThat(pods()).allSatisfy(p -> assertThat(p.getSpec().getVolumes()).anySatisfy(v ->
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-" + p.getMetadata().getName())));
            assertThat(client.persistentVolumeClaims().inNamespace("default").list().getItems())
                    .extracting(PersistentVolumeClaim::getSpec).allSatisfy(s -> assertThat(s.getVolumeName()).isNotBlank());

            seen.clear();
            web().scale(1);
            await().atMost(WAIT).until(() -> settled(1) && pods().getFirst().getMetadata().getName().equals("web-0"));
            assertThat(List.copyOf(seen)).containsExactly("DELETED web-2", "DELETED web-1");
            assertThat(client.persistentVolumeClaims().inNamespace("default").list().getItems()).as("claims are retained").hasSize(3);
        }

        web().scale(3);
        await().atMost(WAIT).until(() -> settled(3));
        String oldRevision = web().get().getStatus().getCurrentRevision();
        web().edit(s -> {
            s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:2");
            s.getSpec().getUpdateStrategy().setRollingUpdate(new RollingUpdateStatefulSetStrategy(null, 1));
            return s;
        });
        await().atMost(WAIT).until(() -> {
            StatefulSet s = web().get();
            return settled(3) && s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration())
                    && Integer.valueOf(2).equals(s.getStatus().getUpdatedReplicas());
        });
        var status = web().get().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(oldRevision).isNotEqualTo(status.getUpdateRevision());
        assertThat(status.getCurrentReplicas()).isEqualTo(1);
        for (Pod p : pods()) {
            boolean updated = !p.getMetadata().getName().equals("web-0");
            assertThat(StatefulPods.revision(p)).as(p.getMetadata().getName())
                    .isEqualTo(updated ? status.getUpdateRevision() : oldRevision);
            assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(updated ? "nginx:2" : "nginx:1");
        }
        assertThat(client.v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getMessage())
                .contains("create Pod web-0 in StatefulSet web successful", "delete Pod web-2 in StatefulSet web successful");
    }
}
