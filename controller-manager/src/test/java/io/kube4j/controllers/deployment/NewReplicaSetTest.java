package io.kube4j.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.testing.RecordingEvents;
import org.junit.jupiter.api.Test;

/** Creating the new ReplicaSet: hash collisions, create failures, and a Deployment selecting everything. */
class NewReplicaSetTest {

    @Test
    void aNameTakenByAnotherTemplateRaisesTheCollisionCountAndTheNextSyncHashesDifferently() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment d = f.create(DeploymentFixture.deployment("web", 2, "25%", "25%", "v1"));
        String hash = PodTemplateHash.compute(d.getSpec().getTemplate(), null);
        ReplicaSet squatter = new ReplicaSetBuilder().withNewMetadata().withName("web-" + hash).withNamespace(DeploymentFixture.NS)
                .addToLabels("other", "x").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("other", "x").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("other", "x").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("something-else").endContainer().endSpec().endTemplate().endSpec().build();
        f.fake.seed(squatter);

        assertThatThrownBy(() -> f.sync("web")).matches(ApiErrors::alreadyExists);
        assertThat(f.stored("web").getStatus().getCollisionCount()).isEqualTo(1);

        f.sync("web");
        String next = PodTemplateHash.compute(d.getSpec().getTemplate(), 1);
        assertThat(next).isNotEqualTo(hash);
        assertThat(f.replicaSets("web")).extracting(rs -> rs.getMetadata().getName()).containsExactly("web-" + next);
    }

    @Test
    void aFailedCreateIsReportedInProgressingAndAsAWarning() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        f.create(DeploymentFixture.deployment("web", 2, "25%", "25%", "v1"));
        f.fake.failNext("create", "ReplicaSet", ApiErrors.status(500, "InternalError", "etcd is sad"));
        assertThatThrownBy(() -> f.sync("web")).hasMessageContaining("etcd is sad");
        var progressing = DeploymentConditions.get(f.stored("web").getStatus(), "Progressing");
        assertThat(progressing.getReason()).isEqualTo("ReplicaSetCreateError");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getMessage()).startsWith("Failed to create new replica set \"web-");
        assertThat(f.fake.events().all()).extracting(RecordingEvents.Recorded::type, RecordingEvents.Recorded::reason)
                .containsExactly(org.assertj.core.api.Assertions.tuple("Warning", "ReplicaSetCreateError"));
        f.sync("web");
        assertThat(f.replicaSets("web")).hasSize(1);
    }

    @Test
    void aDeploymentSelectingEverythingIsOnlyObserved() throws Exception {
        DeploymentFixture f = new DeploymentFixture();
        Deployment spec = DeploymentFixture.deployment("all", 2, "25%", "25%", "v1");
        spec.getSpec().setSelector(new LabelSelector());
        f.create(spec);
        f.sync("all");
        assertThat(f.fake.stored(ReplicaSet.class)).isEmpty();
        assertThat(f.fake.events().reasons()).containsExactly("SelectingAll");
        assertThat(f.stored("all").getStatus().getObservedGeneration()).isEqualTo(1L);
    }
}
