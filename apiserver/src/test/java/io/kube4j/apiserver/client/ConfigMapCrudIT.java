package io.kube4j.apiserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ConfigMaps through fabric8: the full write path on the simplest namespaced kind. */
class ConfigMapCrudIT extends ServerPerClass {

    private static ConfigMap configMap(String ns, String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels)
                .endMetadata().withData(data).build();
    }

    @Test
    void createGetListUpdateDelete() {
        String ns = Namespaces.create(client, "cm-crud");
        var cms = client.configMaps().inNamespace(ns);
        ConfigMap created = cms.resource(configMap(ns, "a", Map.of("tier", "web"), Map.of("k", "1"))).create();
        cms.resource(configMap(ns, "b", Map.of("tier", "db"), Map.of("k", "2"))).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();

        assertThat(cms.withName("a").get().getData()).containsEntry("k", "1");
        assertThat(cms.withLabel("tier", "web").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("a");
        assertThat(cms.withField("metadata.name", "b").list().getItems()).extracting(c -> c.getMetadata().getName())
                .containsExactly("b");
        assertThat(cms.withoutLabel("tier", "web").list().getItems()).extracting(c -> c.getMetadata().getName())
                .contains("b").doesNotContain("a");

        created.getData().put("k", "changed");
        ConfigMap updated = cms.resource(created).update();
        assertThat(updated.getData()).containsEntry("k", "changed");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));

        // created still carries the old resourceVersion: a stale write
        created.getData().put("k", "stale");
        assertThatThrownBy(() -> cms.resource(created).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        assertThat(cms.withName("a").get().getData()).containsEntry("k", "changed");

        assertThat(cms.withName("a").delete()).hasSize(1);
        assertThat(cms.withName("a").get()).isNull();
        assertThat(cms.list().getItems()).extracting(c -> c.getMetadata().getName()).doesNotContain("a");
    }

    @Test
    void patchesOfEveryType() {
        String ns = Namespaces.create(client, "cm-patch");
        var cm = client.configMaps().inNamespace(ns).withName("p");
        client.configMaps().inNamespace(ns).resource(configMap(ns, "p", Map.of(), Map.of("a", "1", "b", "2"))).create();

        cm.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"10\"}]");
        assertThat(cm.get().getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "10", "b", "2"));

        cm.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"b\":null,\"c\":\"3\"}}");
        assertThat(cm.get().getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "10", "c", "3"));

        cm.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"data\":{\"d\":\"4\"}}");
        ConfigMap now = cm.get();
        assertThat(now.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "10", "c", "3", "d", "4"));
        assertThat(now.getMetadata().getLabels()).containsEntry("x", "y");

        // edit() diffs the old and new object into a JSON patch
        ConfigMap edited = cm.edit(c -> new ConfigMapBuilder(c).addToData("e", "5").removeFromData("a").build());
        assertThat(edited.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("c", "3", "d", "4", "e", "5"));
    }

    @Test
    void serverSideApplyOwnsFieldsAndForceTakesThemOver() {
        String ns = Namespaces.create(client, "cm-apply");
        ConfigMap desired = configMap(ns, "s", Map.of(), Map.of("owned", "by-alice"));
        ConfigMap applied = client.resource(desired).fieldManager("alice").serverSideApply();
        assertThat(applied.getData()).containsEntry("owned", "by-alice");
        assertThat(applied.getMetadata().getManagedFields()).extracting(f -> f.getManager()).contains("alice");

        ConfigMap bob = configMap(ns, "s", Map.of(), Map.of("owned", "by-bob"));
        assertThatThrownBy(() -> client.resource(bob).fieldManager("bob").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        ConfigMap forced = client.resource(bob).fieldManager("bob").forceConflicts().serverSideApply();
        assertThat(forced.getData()).containsEntry("owned", "by-bob");
        assertThat(forced.getMetadata().getManagedFields()).extracting(f -> f.getManager()).contains("bob");
    }
}
