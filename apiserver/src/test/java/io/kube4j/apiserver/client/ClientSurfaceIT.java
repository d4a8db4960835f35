package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rest of fabric8's everyday surface: discovery, generic resources, paging, dry run, deletion options. */
class ClientSurfaceIT extends ServerPerClass {

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels("page", "yes").endMetadata()
                .addToData("k", name).build();
    }

    @Test
    void discoveryAnswersVersionGroupsAndSupports() {
        assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
        assertThat(client.getApiGroups().getGroups()).extracting(g -> g.getName())
                .contains("apps", "batch", "coordination.k8s.io");
        assertThat(client.supports(Deployment.class)).isTrue();
        assertThat(client.supports(Lease.class)).isTrue();
        assertThat(client.hasApiGroup("apps", false)).isTrue();
        assertThat(client.getApiResources("apps/v1").getResources()).extracting(r -> r.getName())
                .contains("deployments", "deployments/status", "deployments/scale");
    }

    @Test
    void genericResourcesGoThroughDiscoveredPaths() {
        String ns = Namespaces.create(client, "generic");
        client.configMaps().inNamespace(ns).resource(configMap("g")).create();
        var generic = client.genericKubernetesResources("v1", "ConfigMap").inNamespace(ns);
        GenericKubernetesResource g = generic.withName("g").get();
        assertThat(g.getKind()).isEqualTo("ConfigMap");
        assertThat(g.<String>get("data", "k")).isEqualTo("g");
        assertThat(generic.withLabel("page", "yes").list().getItems()).hasSize(1);
    }

    @Test
    void listPagesWithLimitAndContinue() {
        String ns = Namespaces.create(client, "paging");
        var cms = client.configMaps().inNamespace(ns);
        for (int i = 0; i < 7; i++) {
            cms.resource(configMap("p" + i)).create();
        }
        List<String> seen = new ArrayList<>();
        List<Long> remaining = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            ConfigMapList page = cms.list(new ListOptionsBuilder().withLimit(3L).withContinue(next).build());
            page.getItems().forEach(c -> seen.add(c.getMetadata().getName()));
            next = page.getMetadata().getContinue();
            remaining.add(page.getMetadata().getRemainingItemCount());
            pages++;
        } while (next != null && !next.isEmpty() && pages < 10);
        // the namespace's kube-root-ca.crt sorts first
        assertThat(seen).containsExactly("kube-root-ca.crt", "p0", "p1", "p2", "p3", "p4", "p5", "p6");
        assertThat(remaining).containsExactly(5L, 2L, null);

        // with a selector the server cannot know how many remain, so upstream leaves the count out
        ConfigMapList selected = cms.withLabel("page", "yes").list(new ListOptionsBuilder().withLimit(3L).build());
        assertThat(selected.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("p0", "p1", "p2");
        assertThat(selected.getMetadata().getContinue()).isNotEmpty();
        assertThat(selected.getMetadata().getRemainingItemCount()).isNull();

        // an informer that lists in pages ends up with everything too
        try (SharedIndexInformer<ConfigMap> informer = cms.withLabel("page", "yes").withLimit(2L).inform()) {
            assertThat(informer.getStore().list()).hasSize(7);
        }
    }

    @Test
    void dryRunWritesNothing() {
        String ns = Namespaces.create(client, "dry");
        var cms = client.configMaps().inNamespace(ns);
        ConfigMap answered = cms.resource(configMap("d")).dryRun().create();
        assertThat(answered.getMetadata().getName()).isEqualTo("d");
        assertThat(cms.withName("d").get()).isNull();

        cms.resource(configMap("d")).create();
        cms.withName("d").dryRun().delete();
        assertThat(cms.withName("d").get()).isNotNull();
    }

    @Test
    void createOrUpdateAndUnlockedUpdate() {
        String ns = Namespaces.create(client, "upsert");
        var cms = client.configMaps().inNamespace(ns);
        ConfigMap first = cms.resource(configMap("u")).createOr(NonDeletingOperation::update);
        ConfigMap changed = new ConfigMapBuilder(configMap("u")).addToData("k", "second").build();
        ConfigMap second = cms.resource(changed).createOr(NonDeletingOperation::update);
        assertThat(second.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
        assertThat(second.getData()).containsEntry("k", "second");

        // without a resourceVersion, update() writes over whatever is there
        ConfigMap third = cms.resource(new ConfigMapBuilder(configMap("u")).addToData("k", "third").build()).update();
        assertThat(third.getData()).containsEntry("k", "third");
    }

    @Test
    void deletionOptionsReachTheServer() {
        String ns = Namespaces.create(client, "deletes");
        // an unscheduled pod has nothing to wait for: it goes at once, as upstream
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withSpec(KindCase.podSpec("Always")).build()).create();
        client.pods().inNamespace(ns).withName("p").delete();
        assertThat(client.pods().inNamespace(ns).withName("p").get()).isNull();

        // a pod bound to a node waits for its kubelet: graceful deletion only marks it, grace 0 removes it
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("bound").endMetadata()
                .withSpec(KindCase.podSpec("Always")).editSpec().withNodeName("node-1").endSpec().build()).create();
        client.pods().inNamespace(ns).withName("bound").delete();
        var marked = client.pods().inNamespace(ns).withName("bound").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        client.pods().inNamespace(ns).withName("bound").withGracePeriod(0).delete();
        assertThat(client.pods().inNamespace(ns).withName("bound").get()).isNull();

        // foreground deletion parks the object behind the foregroundDeletion finalizer for the GC
        var deployments = client.apps().deployments().inNamespace(ns);
        deployments.resource(new DeploymentBuilder().withNewMetadata().withName("fg").endMetadata().withNewSpec()
                .withNewSelector().addToMatchLabels("app", "fg").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "fg").endMetadata().withSpec(KindCase.podSpec("Always")).endTemplate().endSpec()
                .build()).create();
        deployments.withName("fg").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        Deployment parked = deployments.withName("fg").get();
        assertThat(parked.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(parked.getMetadata().getFinalizers()).contains("foregroundDeletion");

        // removing the finalizer (the GC's job) lets it go
        deployments.withName("fg").edit(d -> new DeploymentBuilder(d).editMetadata().withFinalizers(List.of())
                .endMetadata().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> deployments.withName("fg").get() == null);
    }

    @Test
    void userFinalizersHoldDeletionUntilRemoved() {
        String ns = Namespaces.create(client, "finalizers");
        var cms = client.configMaps().inNamespace(ns);
        cms.resource(new ConfigMapBuilder(configMap("f")).editMetadata().addToFinalizers("example.com/hold")
                .endMetadata().build()).create();
        cms.withName("f").delete();
        ConfigMap held = cms.withName("f").get();
        assertThat(held.getMetadata().getDeletionTimestamp()).isNotBlank();
        cms.withName("f").edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata()
                .build());
        assertThat(cms.withName("f").get()).isNull();
        assertThat(cms.withLabel("page").list().getItems()).isEmpty();
    }
}
