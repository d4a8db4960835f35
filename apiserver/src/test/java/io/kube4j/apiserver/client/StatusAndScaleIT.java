package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status and scale subresources and metadata.generation, as fabric8 drives them. */
class StatusAndScaleIT extends ServerPerClass {

    private static Deployment deployment(String ns) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withSpec(KindCase.podSpec("Always")).endTemplate().endSpec().build();
    }

    @Test
    void podStatusGoesThroughStatusOnlyAndIgnoresSpecThere() {
        String ns = Namespaces.create(client, "pod-status");
        var pods = client.pods().inNamespace(ns);
        Pod pod = pods.resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withSpec(KindCase.podSpec("Always")).build()).create();
        assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");

        // a status write that also tries to change the spec: the spec part is dropped
        pod.getSpec().getContainers().get(0).setImage("sneaky:1");
        pod.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.7").build());
        Pod afterStatus = pods.resource(pod).updateStatus();
        assertThat(afterStatus.getStatus().getPhase()).isEqualTo("Running");
        assertThat(afterStatus.getStatus().getPodIP()).isEqualTo("10.0.0.7");
        assertThat(afterStatus.getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1");

        // a main-resource write that tries to change the status: the status part is dropped
        Pod main = pods.withName("p").get();
        main.getMetadata().getLabels().put("seen", "yes");
        main.getStatus().setPhase("Failed");
        Pod afterMain = pods.resource(main).update();
        assertThat(afterMain.getMetadata().getLabels()).containsEntry("seen", "yes");
        assertThat(afterMain.getStatus().getPhase()).isEqualTo("Running");

        Pod edited = pods.withName("p").editStatus(p -> new PodBuilder(p).editStatus()
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).endStatus()
                .build());
        assertThat(edited.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready"));
        assertThat(pods.withName("p").isReady()).isTrue();
    }

    @Test
    void generationMovesOnSpecChangesOnly() {
        String ns = Namespaces.create(client, "generation");
        var deployments = client.apps().deployments().inNamespace(ns);
        Deployment d = deployments.resource(deployment(ns)).create();
        assertThat(d.getMetadata().getGeneration()).isEqualTo(1L);

        Deployment relabelled = deployments.withName("web").edit(x -> new DeploymentBuilder(x).editMetadata()
                .addToLabels("x", "y").endMetadata().build());
        assertThat(relabelled.getMetadata().getGeneration()).isEqualTo(1L);

        Deployment status = deployments.withName("web").editStatus(x -> new DeploymentBuilder(x)
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(1).build()).build());
        assertThat(status.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(status.getStatus().getObservedGeneration()).isEqualTo(1L);

        Deployment respecced = deployments.withName("web").edit(x -> new DeploymentBuilder(x).editSpec()
                .withMinReadySeconds(5).endSpec().build());
        assertThat(respecced.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(respecced.getStatus().getObservedGeneration()).isEqualTo(1L);

        // spec through /status is ignored, so it does not move the generation either
        Deployment sneaky = deployments.withName("web").get();
        sneaky.getSpec().setMinReadySeconds(99);
        Deployment afterStatus = deployments.resource(sneaky).updateStatus();
        assertThat(afterStatus.getSpec().getMinReadySeconds()).isEqualTo(5);
        assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void scaleSubresourceReadsAndWritesReplicas() {
        String ns = Namespaces.create(client, "scale");
        var deployments = client.apps().deployments().inNamespace(ns);
        deployments.resource(deployment(ns)).create();

        Scale before = deployments.withName("web").scale();
        assertThat(before.getSpec().getReplicas()).isEqualTo(1);
        assertThat(before.getStatus().getSelector()).isEqualTo("app=web");

        deployments.withName("web").scale(3);
        Deployment after = deployments.withName("web").get();
        assertThat(after.getSpec().getReplicas()).isEqualTo(3);
        assertThat(after.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(deployments.withName("web").scale().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void jobGetsItsSelectorAndLabelsDefaulted() {
        String ns = Namespaces.create(client, "job");
        Job job = client.batch().v1().jobs().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
                .withNewMetadata().withName("once").endMetadata().withNewSpec().withNewTemplate()
                .withSpec(KindCase.podSpec("Never")).endTemplate().endSpec().build()).create();
        String uid = job.getMetadata().getUid();
        assertThat(job.getSpec().getSelector().getMatchLabels()).containsEntry("batch.kubernetes.io/controller-uid", uid);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(Map.of("batch.kubernetes.io/controller-uid", uid, "batch.kubernetes.io/job-name", "once"));
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
    }
}
