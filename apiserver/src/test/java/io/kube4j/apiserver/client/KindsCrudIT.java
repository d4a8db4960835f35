package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The generic write path over several kinds through fabric8, one table row per kind. */
class KindsCrudIT extends ServerPerClass {

    static List<KindCase<?>> kinds() {
        return KindCase.all();
    }

    private static List<String> names(List<? extends HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    <T extends HasMetadata> void crudThroughTheGenericWritePath(KindCase<T> c) {
        String ns = Namespaces.create(client, "kinds-" + c.kind().toLowerCase());
        var ops = client.resources(c.type()).inNamespace(ns);
        T created = ops.resource(c.sample().build(ns, "one", Map.of("role", "first"))).create();
        ops.resource(c.sample().build(ns, "two", Map.of("role", "second"))).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(ns);

        assertThat(ops.withName("one").get().getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        // the namespace also holds system objects (kube-root-ca.crt), so list what this test labelled
        assertThat(names(ops.withLabel("role").list().getItems())).containsExactlyInAnyOrder("one", "two");
        assertThat(names(ops.withLabel("role", "second").list().getItems())).containsExactly("two");
        assertThat(names(ops.withLabelIn("role", "first", "third").list().getItems())).containsExactly("one");
        assertThat(names(ops.withField("metadata.name", "one").list().getItems())).containsExactly("one");
        assertThat(names(ops.withField("metadata.namespace", ns).withLabel("role").list().getItems())).hasSize(2);

        T fresh = ops.withName("one").get();
        c.change().accept(fresh);
        Object expected = c.changed().apply(fresh);
        T updated = ops.resource(fresh).update();
        assertThat(c.changed().apply(updated)).isEqualTo(expected);
        assertThat(c.changed().apply(ops.withName("one").get())).isEqualTo(expected);

        // fresh still carries the resourceVersion the update replaced
        assertThatThrownBy(() -> ops.resource(fresh).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        T labelled = ops.withName("one").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"patched\":\"merge\"}}}");
        assertThat(labelled.getMetadata().getLabels()).containsEntry("patched", "merge").containsEntry("role", "first");
        labelled = ops.withName("one").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"metadata\":{\"labels\":{\"patched\":\"strategic\"}}}");
        assertThat(labelled.getMetadata().getLabels()).containsEntry("patched", "strategic");
        labelled = ops.withName("one").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/metadata/labels/patched\"}]");
        assertThat(labelled.getMetadata().getLabels()).doesNotContainKey("patched");

        T applied = client.resource(c.sample().build(ns, "three", Map.of("role", "applied")))
                .fieldManager("kinds-it").serverSideApply();
        assertThat(applied.getMetadata().getManagedFields()).extracting(f -> f.getManager()).containsExactly("kinds-it");
        assertThat(names(ops.withLabel("role").list().getItems())).containsExactlyInAnyOrder("one", "two", "three");

        assertThat(ops.withName("two").delete()).hasSize(1);
        assertThat(ops.withName("two").get()).isNull();
        assertThat(names(ops.withLabel("role").list().getItems())).containsExactlyInAnyOrder("one", "three");
    }

    @Test
    void applyMergesContainersByNameAndTransfersReplicasOnForce() {
        String ns = Namespaces.create(client, "apply-deploy");
        Deployment base = new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName("d").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "d").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "d").endMetadata()
                .withSpec(KindCase.podSpec("Always")).endTemplate().endSpec().build();
        client.resource(base).fieldManager("owner").serverSideApply();

        // a second manager adds an env var to the same container (merged by the container's name)
        Deployment sidecarEnv = new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName("d").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "d").endSelector().withNewTemplate()
                .withNewMetadata().addToLabels("app", "d").endMetadata().withNewSpec().addNewContainer().withName("main")
                .addNewEnv().withName("MODE").withValue("fast").endEnv().endContainer().endSpec().endTemplate().endSpec()
                .build();
        Deployment merged = client.resource(sidecarEnv).fieldManager("tuner").serverSideApply();
        assertThat(merged.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(merged.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1");
        assertThat(merged.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue()).containsExactly("MODE=fast");
        assertThat(merged.getSpec().getReplicas()).isEqualTo(2);

        // an autoscaler-like manager wants replicas, which the owner holds: conflict, then force
        Deployment scaled = new DeploymentBuilder(base).editSpec().withReplicas(5).endSpec().build();
        assertThatThrownBy(() -> client.resource(scaled).fieldManager("scaler").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField())
                            .contains(".spec.replicas");
                });
        Deployment forced = client.resource(scaled).fieldManager("scaler").forceConflicts().serverSideApply();
        assertThat(forced.getSpec().getReplicas()).isEqualTo(5);
        assertThat(forced.getMetadata().getManagedFields()).extracting(f -> f.getManager())
                .contains("owner", "tuner", "scaler");
    }

    @Test
    void secretStringDataIsStoredAsBase64Data() {
        String ns = Namespaces.create(client, "secret-data");
        Secret secret = client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s")
                .endMetadata().addToStringData("password", "s3cret").build()).create();
        assertThat(secret.getStringData()).isNullOrEmpty();
        assertThat(secret.getData()).containsEntry("password", "czNjcmV0");
        assertThat(secret.getType()).isEqualTo("Opaque");
    }

    @Test
    void namespacesAreClusterScopedAndDeletionTerminatesThem() {
        Namespace ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns-crud")
                .addToLabels("team", "blue").endMetadata().build()).create();
        assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
        assertThat(ns.getSpec().getFinalizers()).containsExactly("kubernetes");
        assertThat(names(client.namespaces().withLabel("team", "blue").list().getItems())).containsExactly("ns-crud");
        assertThat(names(client.namespaces().withField("metadata.name", "ns-crud").list().getItems()))
                .containsExactly("ns-crud");

        Namespace labelled = client.namespaces().withName("ns-crud")
                .edit(n -> new NamespaceBuilder(n).editMetadata().addToLabels("team", "red").endMetadata().build());
        assertThat(labelled.getMetadata().getLabels()).containsEntry("team", "red");

        client.namespaces().withName("ns-crud").delete();
        // no namespace controller runs here: the namespace stays Terminating, as upstream's would
        // until its controller empties it, and refuses new content
        Namespace terminating = client.namespaces().withName("ns-crud").get();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        assertThatThrownBy(() -> client.configMaps().inNamespace("ns-crud").resource(
                new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("late").endMetadata()
                        .build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
