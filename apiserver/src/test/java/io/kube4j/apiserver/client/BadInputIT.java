package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.apiserver.testing.ServerPerClass;
import org.junit.jupiter.api.Test;

/** Rejected writes as fabric8 surfaces them: code, reason and the Status causes. */
class BadInputIT extends ServerPerClass {

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
    }

    private static Status statusOf(Runnable call) {
        KubernetesClientException e = (KubernetesClientException) org.assertj.core.api.Assertions.catchThrowable(call::run);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getStatus()).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(e.getCode());
        return e.getStatus();
    }

    @Test
    void invalidNameIs422WithTheFieldInTheCauses() {
        String ns = Namespaces.create(client, "bad-name");
        Status status = statusOf(() -> client.configMaps().inNamespace(ns).resource(configMap("Not_A_Name")).create());
        assertThat(status.getCode()).isEqualTo(422);
        assertThat(status.getReason()).isEqualTo("Invalid");
        assertThat(status.getDetails().getKind()).isEqualTo("ConfigMap");
        assertThat(status.getDetails().getName()).isEqualTo("Not_A_Name");
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField).contains("metadata.name");
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getReason).contains("FieldValueInvalid");
        assertThat(status.getMessage()).startsWith("ConfigMap \"Not_A_Name\" is invalid: metadata.name: Invalid value");
    }

    @Test
    void invalidSpecNamesEachBadField() {
        String ns = Namespaces.create(client, "bad-spec");
        Status status = statusOf(() -> client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata()
                .withName("p").endMetadata().withNewSpec().addNewContainer().withName("BAD NAME").endContainer()
                .endSpec().build()).create());
        assertThat(status.getCode()).isEqualTo(422);
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField)
                .contains("spec.containers[0].name", "spec.containers[0].image");
    }

    @Test
    void podSpecChangesOutsideTheMutableFieldsAreForbidden() {
        String ns = Namespaces.create(client, "pod-immutable");
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withSpec(KindCase.podSpec("Always")).build()).create();
        Status status = statusOf(() -> client.pods().inNamespace(ns).withName("p")
                .edit(p -> new PodBuilder(p).editSpec().withRestartPolicy("Never").endSpec().build()));
        assertThat(status.getCode()).isEqualTo(422);
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField).containsExactly("spec");
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getReason).containsExactly("FieldValueForbidden");
        assertThat(status.getMessage()).contains("pod updates may not change fields other than");
        // the image is one of the fields that may change
        assertThat(client.pods().inNamespace(ns).withName("p").edit(p -> new PodBuilder(p).editSpec().editContainer(0)
                .withImage("busybox:2").endContainer().endSpec().build()).getSpec().getContainers().get(0).getImage())
                .isEqualTo("busybox:2");
    }

    @Test
    void deploymentSelectorMustMatchTheTemplateAndIsImmutable() {
        String ns = Namespaces.create(client, "deploy-selector");
        var deployments = client.apps().deployments().inNamespace(ns);
        Status mismatch = statusOf(() -> deployments.resource(new DeploymentBuilder().withNewMetadata().withName("d")
                .endMetadata().withNewSpec().withNewSelector().addToMatchLabels("app", "a").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "b").endMetadata().withSpec(KindCase.podSpec("Always"))
                .endTemplate().endSpec().build()).create());
        assertThat(mismatch.getCode()).isEqualTo(422);
        assertThat(mismatch.getDetails().getCauses()).extracting(StatusCause::getField)
                .contains("spec.template.metadata.labels");

        deployments.resource(new DeploymentBuilder().withNewMetadata().withName("d").endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", "a").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "a").addToLabels("extra", "x").endMetadata().withSpec(KindCase.podSpec("Always")).endTemplate()
                .endSpec().build()).create();
        Status immutable = statusOf(() -> deployments.withName("d").edit(d -> new DeploymentBuilder(d).editSpec()
                .editSelector().addToMatchLabels("extra", "x").endSelector().endSpec().build()));
        assertThat(immutable.getCode()).isEqualTo(422);
        assertThat(immutable.getDetails().getCauses()).extracting(StatusCause::getField).contains("spec.selector");
    }

    @Test
    void missingNamespaceIs404() {
        Status status = statusOf(() -> client.configMaps().inNamespace("no-such-namespace").resource(configMap("x")).create());
        assertThat(status.getCode()).isEqualTo(404);
        assertThat(status.getReason()).isEqualTo("NotFound");
        assertThat(status.getDetails().getKind()).isEqualTo("namespaces");
        assertThat(status.getDetails().getName()).isEqualTo("no-such-namespace");
    }

    @Test
    void missingObjectIs404OnWritesAndNullOnGet() {
        String ns = Namespaces.create(client, "missing");
        assertThat(client.configMaps().inNamespace(ns).withName("ghost").get()).isNull();
        assertThat(client.configMaps().inNamespace(ns).withName("ghost").delete()).isEmpty();
        Status status = statusOf(() -> client.configMaps().inNamespace(ns).withName("ghost")
                .edit(c -> new ConfigMapBuilder(c).addToData("a", "b").build()));
        assertThat(status.getCode()).isEqualTo(404);
        assertThat(status.getDetails().getKind()).isEqualTo("configmaps");
    }

    @Test
    void secondCreateIs409AlreadyExists() {
        String ns = Namespaces.create(client, "exists");
        client.configMaps().inNamespace(ns).resource(configMap("twice")).create();
        Status status = statusOf(() -> client.configMaps().inNamespace(ns).resource(configMap("twice")).create());
        assertThat(status.getCode()).isEqualTo(409);
        assertThat(status.getReason()).isEqualTo("AlreadyExists");
        assertThat(status.getMessage()).isEqualTo("configmaps \"twice\" already exists");
        assertThat(status.getDetails().getName()).isEqualTo("twice");
    }

    @Test
    void staleUpdateIs409ConflictWithUpstreamsMessage() {
        String ns = Namespaces.create(client, "conflict");
        ConfigMap first = client.configMaps().inNamespace(ns).resource(configMap("c")).create();
        client.configMaps().inNamespace(ns).withName("c").edit(c -> new ConfigMapBuilder(c).addToData("n", "1").build());
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(first).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).contains(
                            "the object has been modified; please apply your changes to the latest version and try again");
                });
    }
}
