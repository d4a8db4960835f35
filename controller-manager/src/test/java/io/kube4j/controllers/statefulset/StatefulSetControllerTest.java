package io.kube4j.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kube4j.controllers.history.ControllerHistory;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatefulSetControllerTest {

    private static final String NS = "default";
    private static final String KEY = "default/web";
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeCluster fake;
    private StatefulSetController controller;

    @BeforeEach
    void setUp() {
        fake = new FakeCluster();
        controller = new StatefulSetController(fake.context(clock, ControllerOptions.defaults()));
    }

    private static StatefulSetBuilder set(int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("nginx")
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec().endTemplate()
                .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                        .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec().build())
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .endSpec();
    }

    private Pod pod(String name) {
        return fake.stored(Pod.class, NS, name);
    }

    private List<String> podNames() {
        return fake.stored(Pod.class).stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private void runReady(String name) {
        Pod p = pod(name);
        p.setStatus(new PodStatusBuilder().withPhase("Running").withConditions(new PodConditionBuilder().withType("Ready")
                .withStatus("True").withLastTransitionTime(clock.instant().toString()).build()).build());
        fake.updateStatus(p);
    }

    private StatefulSet stored() {
        return fake.stored(StatefulSet.class, NS, "web");
    }

    private void bringUp(int replicas) throws Exception {
        for (int i = 0; i < replicas; i++) {
            controller.sync(KEY);
            runReady("web-" + i);
        }
        controller.sync(KEY);
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeWaitingForReadiness() throws Exception {
        fake.seed(set(3).build());

        controller.sync(KEY);
        assertThat(podNames()).containsExactly("web-0");
        controller.sync(KEY);
        assertThat(podNames()).as("web-0 is not ready yet").containsExactly("web-0");

        runReady("web-0");
        controller.sync(KEY);
        assertThat(podNames()).containsExactly("web-0", "web-1");
        runReady("web-1");
        controller.sync(KEY);
        assertThat(podNames()).containsExactly("web-0", "web-1", "web-2");

        Pod p = pod("web-1");
        assertThat(p.getSpec().getHostname()).isEqualTo("web-1");
        assertThat(p.getSpec().getSubdomain()).isEqualTo("nginx");
        assertThat(p.getMetadata().getLabels()).containsEntry(StatefulPods.POD_NAME_LABEL, "web-1")
                .containsEntry(StatefulPods.POD_INDEX_LABEL, "1").containsKey(ControllerHistory.HASH_LABEL);
        assertThat(p.getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-1");
        });
        assertThat(fake.stored(PersistentVolumeClaim.class)).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("data-web-0", "data-web-1", "data-web-2");
        assertThat(fake.stored(PersistentVolumeClaim.class, NS, "data-web-0").getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(fake.events().all()).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("SuccessfulCreate");
            assertThat(e.message()).isEqualTo("create Pod web-0 in StatefulSet web successful");
        });
        assertThat(fake.events().all()).anySatisfy(e -> assertThat(e.message()).isEqualTo("create Claim data-web-0 Pod web-0 in StatefulSet web success"));

        runReady("web-2");
        controller.sync(KEY);
        var status = stored().getStatus();
        assertThat(status.getReplicas()).isEqualTo(3);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getAvailableReplicas()).isEqualTo(3);
        assertThat(status.getCurrentReplicas()).isEqualTo(3);
        assertThat(status.getUpdatedReplicas()).isEqualTo(3);
        assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision()).startsWith("web-");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getCollisionCount()).isZero();
    }

    @Test
    void parallelCreatesEveryPodAtOnce() throws Exception {
        fake.seed(set(3).editSpec().withPodManagementPolicy("Parallel").endSpec().build());
        controller.sync(KEY);
        assertThat(podNames()).containsExactly("web-0", "web-1", "web-2");
    }

    @Test
    void ordinalsStartShiftsNames() throws Exception {
        fake.seed(set(2).editSpec().withPodManagementPolicy("Parallel").withNewOrdinals(5).endSpec().build());
        controller.sync(KEY);
        assertThat(podNames()).containsExactly("web-5", "web-6");
        assertThat(pod("web-6").getMetadata().getLabels()).containsEntry(StatefulPods.POD_INDEX_LABEL, "6");
    }

    @Test
    void scaleDownRemovesTheHighestOrdinalFirstOneAtATime() throws Exception {
        fake.seed(set(3).build());
        bringUp(3);
        StatefulSet s = stored();
        s.getSpec().setReplicas(1);
        fake.update(s);
        fake.clearActions();

        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("web-2");
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("web-2", "web-1");
        assertThat(podNames()).containsExactly("web-0");
        assertThat(fake.events().all()).anySatisfy(e -> assertThat(e.message()).isEqualTo("delete Pod web-2 in StatefulSet web successful"));
        assertThat(fake.stored(PersistentVolumeClaim.class)).as("Retain keeps claims").hasSize(3);
    }

    @Test
    void scaleDownWaitsWhileAnotherPodIsUnready() throws Exception {
        fake.seed(set(3).build());
        bringUp(3);
        Pod p = pod("web-0");
        p.setStatus(new PodStatusBuilder().withPhase("Running").build());
        fake.updateStatus(p);
        StatefulSet s = stored();
        s.getSpec().setReplicas(2);
        fake.update(s);
        fake.clearActions();
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).isEmpty();
    }

    @Test
    void partitionedRollingUpdateReplacesOnlyOrdinalsAtOrAboveThePartitionHighestFirst() throws Exception {
        fake.seed(set(3).build());
        bringUp(3);
        String oldRevision = stored().getStatus().getCurrentRevision();
        StatefulSet s = stored();
        s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:2");
        s.getSpec().getUpdateStrategy().setRollingUpdate(new io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy(null, 1));
        fake.update(s);
        fake.clearActions();

        controller.sync(KEY); // deletes web-2
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("web-2");
        controller.sync(KEY); // recreates web-2 at the update revision
        String updateRevision = stored().getStatus().getUpdateRevision();
        assertThat(updateRevision).isNotEqualTo(oldRevision);
        assertThat(StatefulPods.revision(pod("web-2"))).isEqualTo(updateRevision);
        assertThat(pod("web-2").getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:2");
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).as("waits for web-2 to be ready").hasSize(1);

        runReady("web-2");
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("web-2", "web-1");
        controller.sync(KEY);
        runReady("web-1");
        controller.sync(KEY);
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).extracting(FakeCluster.Action::name).containsExactly("web-2", "web-1");
        assertThat(StatefulPods.revision(pod("web-0"))).isEqualTo(oldRevision);
        assertThat(pod("web-0").getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1");
        var status = stored().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(oldRevision);
        assertThat(status.getUpdatedReplicas()).isEqualTo(2);
        assertThat(status.getCurrentReplicas()).isEqualTo(1);

        // Deleting web-0 recreates it at the current revision: it is below the partition.
        fake.delete(Pod.class, NS, "web-0", Api.Deletion.DEFAULT);
        controller.sync(KEY);
        assertThat(StatefulPods.revision(pod("web-0"))).isEqualTo(oldRevision);
    }

    @Test
    void rollingUpdateWithoutPartitionCompletesAndMovesTheCurrentRevision() throws Exception {
        fake.seed(set(2).build());
        bringUp(2);
        StatefulSet s = stored();
        s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:2");
        fake.update(s);
        for (int i = 0; i < 8; i++) {
            controller.sync(KEY);
            for (Pod p : fake.stored(Pod.class)) {
                if (p.getStatus() == null || p.getStatus().getPhase() == null) {
                    runReady(p.getMetadata().getName());
                }
            }
        }
        var status = stored().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(status.getUpdateRevision());
        assertThat(status.getUpdatedReplicas()).isEqualTo(2);
        assertThat(fake.stored(Pod.class)).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:2"));
    }

    @Test
    void onDeleteDoesNotReplacePods() throws Exception {
        fake.seed(set(2).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy().endSpec().build());
        bringUp(2);
        StatefulSet s = stored();
        s.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("nginx:2");
        fake.update(s);
        fake.clearActions();
        controller.sync(KEY);
        controller.sync(KEY);
        assertThat(fake.actions("delete", "Pod")).isEmpty();
        fake.delete(Pod.class, NS, "web-1", Api.Deletion.DEFAULT);
        controller.sync(KEY);
        assertThat(pod("web-1").getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:2");
        assertThat(pod("web-0").getSpec().getContainers().getFirst().getImage()).isEqualTo("nginx:1");
    }

    @Test
    void failedPodIsRecreated() throws Exception {
        fake.seed(set(1).build());
        bringUp(1);
        Pod p = pod("web-0");
        String uid = p.getMetadata().getUid();
        p.setStatus(new PodStatusBuilder().withPhase("Failed").build());
        fake.updateStatus(p);
        controller.sync(KEY);
        assertThat(pod("web-0").getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(fake.events().reasons()).contains("RecreatingFailedPod");
    }

    @Test
    void retentionPolicyDeleteSetsOwnerReferencesOnClaims() throws Exception {
        fake.seed(set(2).editSpec().withNewPersistentVolumeClaimRetentionPolicy().withWhenDeleted("Delete").withWhenScaled("Delete")
                .endPersistentVolumeClaimRetentionPolicy().endSpec().build());
        bringUp(2);
        String setUid = stored().getMetadata().getUid();
        assertThat(fake.stored(PersistentVolumeClaim.class, NS, "data-web-1").getMetadata().getOwnerReferences())
                .extracting(r -> r.getUid()).containsExactly(setUid);

        StatefulSet s = stored();
        s.getSpec().setReplicas(1);
        fake.update(s);
        String podUid = pod("web-1").getMetadata().getUid();
        controller.sync(KEY);
        var refs = fake.stored(PersistentVolumeClaim.class, NS, "data-web-1").getMetadata().getOwnerReferences();
        assertThat(refs).extracting(r -> r.getKind() + "/" + r.getUid()).containsExactly("Pod/" + podUid);
        assertThat(fake.stored(PersistentVolumeClaim.class, NS, "data-web-0").getMetadata().getOwnerReferences())
                .extracting(r -> r.getUid()).containsExactly(setUid);
    }

    @Test
    void collidingRevisionNameBumpsTheCollisionCount() throws Exception {
        StatefulSet s = set(1).build();
        fake.seed(s);
        StatefulSet seeded = stored();
        var data = io.kube4j.controllers.history.TemplateRevisions.dataOf(seeded.getSpec().getTemplate());
        var squatter = ControllerHistory.newRevision(seeded, Map.of("other", "data"), 1, null, Map.of());
        squatter.getMetadata().setName("web-" + ControllerHistory.hash(data, 0));
        squatter.getMetadata().setOwnerReferences(null);
        squatter.getMetadata().setLabels(Map.of("unrelated", "x"));
        fake.seed(squatter);
        controller.sync(KEY);
        assertThat(stored().getStatus().getCollisionCount()).isEqualTo(1);
        assertThat(stored().getStatus().getUpdateRevision()).isEqualTo("web-" + ControllerHistory.hash(data, 1));
    }
}
