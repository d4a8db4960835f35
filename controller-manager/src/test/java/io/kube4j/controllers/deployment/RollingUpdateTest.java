package io.kube4j.controllers.deployment;

import static io.kube4j.controllers.deployment.DeploymentFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kube4j.controllers.testing.RecordingEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RollingUpdate step by step: the new and old ReplicaSet sizes after each sync, as upstream's rolling.go gives them. */
class RollingUpdateTest {

    static Stream<Arguments> steps() {
        return Stream.of(
                // 10 replicas, surge ceil(2.5)=3, unavailable floor(2.5)=2: at most 13 pods, at least 8 available.
                Arguments.of(10, "25%", "25%", List.of("3/8", "5/8", "5/3", "10/3", "10/0")),
                // No surge: one old pod goes before each new one comes.
                Arguments.of(4, "0", "1", List.of("0/3", "1/3", "1/2", "2/2", "2/1", "3/1", "3/0", "4/0")),
                // No unavailability: one new pod comes, then one old goes.
                Arguments.of(4, "1", "0", List.of("1/4", "1/3", "2/3", "2/2", "3/2", "3/1", "4/1", "4/0")));
    }

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @MethodSource("steps")
    void scalesNewUpAndOldDownStepByStepAsPodsBecomeAvailable(int replicas, String surge, String unavailable, List<String> expected)
            throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", replicas, surge, unavailable, "v1"));
        f.rollOut("web");
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        int maxSurge = RolloutMath.scaled(DeploymentFixture.intOrPercent(surge), replicas, true);
        int maxUnavailable = RolloutMath.scaled(DeploymentFixture.intOrPercent(unavailable), replicas, false);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            f.sync("web");
            ReplicaSet newRS = f.replicaSetWithImage("web", "v2");
            ReplicaSet oldRS = f.replicaSetWithImage("web", "v1");
            seen.add(replicas(newRS) + "/" + replicas(oldRS));
            assertThat(replicas(newRS) + replicas(oldRS)).as("pods never exceed replicas + maxSurge").isLessThanOrEqualTo(replicas + maxSurge);
            // Pods the ReplicaSets keep after this step: at most their new size, of those that were available.
            int available = Math.min(RolloutMath.available(oldRS), replicas(oldRS))
                    + (newRS == null ? 0 : Math.min(RolloutMath.available(newRS), replicas(newRS)));
            assertThat(available).as("available never below replicas - maxUnavailable")
                    .isGreaterThanOrEqualTo(replicas - maxUnavailable);
            f.settle();
        }
        assertThat(seen).isEqualTo(expected);
        f.rollOut("web");
        Deployment d = f.stored("web");
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
        DeploymentCondition progressing = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING);
        assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + f.replicaSetWithImage("web", "v2").getMetadata().getName()
                + "\" has successfully progressed.");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void firstRolloutCreatesTheHashedReplicaSetWithRevisionAndReplicasAnnotations() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment spec = DeploymentFixture.deployment("web", 10, "25%", "25%", "v1");
        spec.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of("kubernetes.io/change-cause", "first")));
        f.create(spec);
        f.sync("web");

        List<ReplicaSet> sets = f.replicaSets("web");
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.getFirst();
        String hash = PodTemplateHash.compute(f.stored("web").getSpec().getTemplate(), null);
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getLabels()).containsEntry("pod-template-hash", hash).containsEntry("app", "web");
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(10);
        assertThat(rs.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "10")
                .containsEntry("deployment.kubernetes.io/max-replicas", "13")
                .containsEntry("kubernetes.io/change-cause", "first");
        Deployment d = f.stored("web");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").getMessage())
                .isEqualTo("Created new replica set \"web-" + hash + "\"");
        assertThat(DeploymentConditions.get(d.getStatus(), "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::reason, RecordingEvents.Recorded::message)
                .containsExactly(org.assertj.core.api.Assertions.tuple("ScalingReplicaSet", "Scaled up replica set web-" + hash + " from 0 to 10"));

        f.settle();
        f.sync("web");
        d = f.stored("web");
        assertThat(DeploymentConditions.get(d.getStatus(), "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(d.getStatus().getReplicas()).isEqualTo(10);
        assertThat(d.getStatus().getReadyReplicas()).isEqualTo(10);
        assertThat(d.getStatus().getUnavailableReplicas()).isIn(null, 0);
    }

    @Test
    void rollingUpdateEventsNameEachScale() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 10, "25%", "25%", "v1"));
        f.rollOut("web");
        f.fake.events().clear();
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        String oldName = f.replicaSetWithImage("web", "v1").getMetadata().getName();
        String newName = f.replicaSetWithImage("web", "v2").getMetadata().getName();
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::message).containsExactly(
                "Scaled up replica set " + newName + " from 0 to 3",
                "Scaled down replica set " + oldName + " from 10 to 8");
    }

    @Test
    void newPodsThatNeverBecomeAvailableStopTheRolloutAtTheSurgeLimit() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 10, "25%", "25%", "v1"));
        f.rollOut("web");
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        // New pods never become available: the new ReplicaSet grows to the surge limit, the old one stays at the minimum.
        for (int i = 0; i < 5; i++) {
            f.settle(rs -> !"v2".equals(rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()));
            f.sync("web");
        }
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isEqualTo(5);
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isEqualTo(8);
        Deployment d = f.stored("web");
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(8);
        assertThat(DeploymentConditions.get(d.getStatus(), "Available").getStatus()).isEqualTo("True");
    }

    @Test
    void unavailableOldPodsAreScaledAwayEvenBelowMinimumAvailability() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 10, "0", "3", "v1"));
        f.rollOut("web");
        ReplicaSet old = f.replicaSetWithImage("web", "v1");
        old.getStatus().setAvailableReplicas(6);
        old.getStatus().setReadyReplicas(6);
        f.fake.updateStatus(old);
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        // Only 6 of 10 available (minimum 7): the 3 allowed go from the 4 unavailable old pods.
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isEqualTo(7);
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isZero();
    }

    @Test
    void aStatusStillCountingPodsAboveTheSizeNeverScalesAnOldReplicaSetUp() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 6, "25%", "25%", "v1"));
        f.rollOut("web");
        f.fake.events().clear();
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        // The old ReplicaSet was scaled 6 -> 5 but its controller has not caught up: it still reports 6 available.
        ReplicaSet old = f.replicaSetWithImage("web", "v1");
        assertThat(replicas(old)).isEqualTo(5);
        old.getStatus().setReplicas(6);
        old.getStatus().setAvailableReplicas(6);
        f.fake.updateStatus(old);
        ReplicaSet neu = f.replicaSetWithImage("web", "v2");
        neu.setStatus(new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder().withReplicas(2).withReadyReplicas(2)
                .withAvailableReplicas(2).build());
        f.fake.updateStatus(neu);
        for (int i = 0; i < 3; i++) {
            f.sync("web");
        }
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::message)
                .noneMatch(m -> m.startsWith("Scaled up replica set " + old.getMetadata().getName()));
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isLessThanOrEqualTo(5);
    }
}
