package io.kube4j.controllers.deployment;

import static io.kube4j.controllers.deployment.DeploymentFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kube4j.controllers.testing.RecordingEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recreate, pause/resume, revision history, rollback by template, the progress deadline and proportional scaling. */
class DeploymentLifecycleTest {

    private static Deployment recreate(String name, int replicas) {
        Deployment d = DeploymentFixture.deployment(name, replicas, "25%", "25%", "v1");
        DeploymentStrategy s = new DeploymentStrategy();
        s.setType("Recreate");
        d.getSpec().setStrategy(s);
        return d;
    }

    @Test
    void recreateScalesOldToZeroWaitsForItsPodsToGoThenCreatesTheNewReplicaSet() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(recreate("db", 3));
        f.rollOut("db");
        ReplicaSet old = f.replicaSetWithImage("db", "v1");
        Pod lastPod = f.runningPod(old, "db-old-pod");
        f.change("db", d -> DeploymentFixture.image(d, "v2"));

        f.sync("db");
        assertThat(replicas(f.replicaSetWithImage("db", "v1"))).isZero();
        assertThat(f.replicaSetWithImage("db", "v2")).as("no new ReplicaSet while old pods run").isNull();

        f.settle();
        f.sync("db");
        assertThat(f.replicaSetWithImage("db", "v2")).as("an old pod still runs").isNull();

        f.drainQueue();
        f.fake.remove(lastPod);
        assertThat(f.controller.queue().length()).as("the last pod's deletion queues the deployment").isEqualTo(1);
        f.sync("db");
        ReplicaSet created = f.replicaSetWithImage("db", "v2");
        assertThat(replicas(created)).isEqualTo(3);
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::message).endsWith(
                "Scaled up replica set " + created.getMetadata().getName() + " from 0 to 3");
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::message).contains(
                "Scaled down replica set " + old.getMetadata().getName() + " from 3 to 0");
        f.rollOut("db");
        assertThat(f.stored("db").getStatus().getUpdatedReplicas()).isEqualTo(3);
    }

    @Test
    void pausedDeploymentOnlyScalesAndResumingStartsTheRollout() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 4, "25%", "25%", "v1"));
        f.rollOut("web");
        f.change("web", d -> {
            d.getSpec().setPaused(true);
            DeploymentFixture.image(d, "v2");
        });
        f.sync("web");
        assertThat(f.replicaSetWithImage("web", "v2")).isNull();
        assertThat(DeploymentConditions.get(f.stored("web").getStatus(), "Progressing"))
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("DeploymentPaused");
                    assertThat(c.getStatus()).isEqualTo("Unknown");
                    assertThat(c.getMessage()).isEqualTo("Deployment is paused");
                });

        f.change("web", d -> d.getSpec().setReplicas(6));
        f.sync("web");
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).as("a paused deployment still scales").isEqualTo(6);
        assertThat(f.replicaSetWithImage("web", "v2")).isNull();
        assertThat(f.replicaSetWithImage("web", "v1").getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "6");

        f.change("web", d -> d.getSpec().setPaused(false));
        f.sync("web");
        assertThat(f.replicaSetWithImage("web", "v2")).as("resuming rolls out the new template").isNotNull();
        assertThat(DeploymentConditions.get(f.stored("web").getStatus(), "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
        f.settle();
        f.rollOut("web");
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isZero();
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isEqualTo(6);
    }

    @Test
    void revisionHistoryLimitDeletesTheOldestEmptyReplicaSets() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment spec = DeploymentFixture.deployment("web", 2, "25%", "25%", "v1");
        spec.getSpec().setRevisionHistoryLimit(2);
        f.create(spec);
        f.rollOut("web");
        for (int v = 2; v <= 5; v++) {
            String image = "v" + v;
            f.change("web", d -> DeploymentFixture.image(d, image));
            f.rollOut("web");
        }
        List<ReplicaSet> left = f.replicaSets("web");
        assertThat(left).extracting(RevisionAnnotations::revision).containsExactly(3L, 4L, 5L);
        assertThat(left).extracting(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .containsExactly("v3", "v4", "v5");
        assertThat(f.stored("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "5");
    }

    @Test
    void restoringAnOldTemplateReusesItsReplicaSetWithTheNextRevision() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 3, "25%", "25%", "v1"));
        f.rollOut("web");
        String first = f.replicaSetWithImage("web", "v1").getMetadata().getName();
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.rollOut("web");
        f.change("web", d -> DeploymentFixture.image(d, "v1"));
        f.rollOut("web");
        assertThat(f.replicaSets("web")).hasSize(2);
        ReplicaSet back = f.replicaSetWithImage("web", "v1");
        assertThat(back.getMetadata().getName()).isEqualTo(first);
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(replicas(back)).isEqualTo(3);
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isZero();
        assertThat(f.stored("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    }

    @Test
    void aRolloutWithoutProgressPastTheDeadlineIsReportedAsExceeded() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment spec = DeploymentFixture.deployment("web", 4, "1", "0", "v1");
        spec.getSpec().setProgressDeadlineSeconds(60);
        f.create(spec);
        f.rollOut("web");
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        f.settle(rs -> false);
        f.drainQueue();
        f.sync("web");
        assertThat(DeploymentConditions.get(f.stored("web").getStatus(), "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
        f.drainQueue();
        f.sync("web");
        assertThat(f.controller.queue().idle()).as("a deployment that may time out is requeued for its deadline").isFalse();

        f.clock.advance(Duration.ofSeconds(61));
        f.sync("web");
        var progressing = DeploymentConditions.get(f.stored("web").getStatus(), "Progressing");
        assertThat(progressing.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + f.replicaSetWithImage("web", "v2").getMetadata().getName()
                + "\" has timed out progressing.");

        // Progress after the deadline brings the condition back.
        f.settle();
        f.rollOut("web");
        assertThat(DeploymentConditions.get(f.stored("web").getStatus(), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void scalingMidRolloutSharesTheChangeProportionally() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 10, "25%", "25%", "v1"));
        f.rollOut("web");
        f.change("web", d -> DeploymentFixture.image(d, "v2"));
        f.sync("web");
        f.settle(rs -> false);
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isEqualTo(3);
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isEqualTo(8);

        f.fake.events().clear();
        f.change("web", d -> d.getSpec().setReplicas(20));
        f.sync("web");
        // 20 + surge 5 = 25 allowed, 11 now: old 8 -> round(8*25/13)=15, new 3 -> round(3*25/13)=6, leftover 4 to the largest.
        ReplicaSet old = f.replicaSetWithImage("web", "v1");
        ReplicaSet neu = f.replicaSetWithImage("web", "v2");
        assertThat(replicas(old)).isEqualTo(19);
        assertThat(replicas(neu)).isEqualTo(6);
        assertThat(old.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/desired-replicas", "20")
                .containsEntry("deployment.kubernetes.io/max-replicas", "25");
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::message).containsExactly(
                "Scaled up replica set " + old.getMetadata().getName() + " from 8 to 19",
                "Scaled up replica set " + neu.getMetadata().getName() + " from 3 to 6");

        f.change("web", d -> d.getSpec().setReplicas(5));
        f.sync("web");
        int total = replicas(f.replicaSetWithImage("web", "v1")) + replicas(f.replicaSetWithImage("web", "v2"));
        assertThat(total).as("scaled down to replicas + surge").isEqualTo(5 + 2);
        f.settle();
        f.rollOut("web");
        assertThat(replicas(f.replicaSetWithImage("web", "v2"))).isEqualTo(5);
        assertThat(replicas(f.replicaSetWithImage("web", "v1"))).isZero();
    }

    @Test
    void orphanReplicaSetsMatchingTheSelectorAreAdopted() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment d = f.create(DeploymentFixture.deployment("web", 2, "25%", "25%", "v1"));
        ReplicaSet orphan = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName("web-orphan").withNamespace(DeploymentFixture.NS).addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(d.getSpec().getTemplate()).endSpec().build();
        f.fake.seed(orphan);
        f.sync("web");
        assertThat(f.replicaSets("web")).extracting(rs -> rs.getMetadata().getName()).containsExactly("web-orphan");
        assertThat(f.fake.actions("create", "ReplicaSet")).as("the adopted ReplicaSet has the template: no new one").isEmpty();
    }
}
