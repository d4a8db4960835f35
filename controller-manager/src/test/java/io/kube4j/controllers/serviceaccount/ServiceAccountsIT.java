package io.kube4j.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default ServiceAccount and the root CA ConfigMap come back when deleted. */
class ServiceAccountsIT extends ClusterPerClass {


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.controllers(ServiceAccountsController::new, RootCaPublisherController::new);
    }

    private static ConfigMap rootCa(String ns) {
        return client.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get();
    }

    @Test
    void deletedDefaultAccountAndRootCaAreRestored() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("repairs").endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> rootCa("repairs") != null
                && client.serviceAccounts().inNamespace("repairs").withName("default").get() != null);
        String ca = rootCa("kube-system").getData().get("ca.crt");
        assertThat(ca).contains("BEGIN CERTIFICATE");

        String oldUid = client.serviceAccounts().inNamespace("repairs").withName("default").get().getMetadata().getUid();
        client.serviceAccounts().inNamespace("repairs").withName("default").delete();
        client.configMaps().inNamespace("repairs").withName("kube-root-ca.crt").delete();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var sa = client.serviceAccounts().inNamespace("repairs").withName("default").get();
            assertThat(sa).isNotNull();
            assertThat(sa.getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(rootCa("repairs")).isNotNull();
            assertThat(rootCa("repairs").getData()).containsEntry("ca.crt", ca);
        });

        ConfigMap tampered = rootCa("repairs");
        tampered.getData().put("ca.crt", "not a CA");
        client.configMaps().inNamespace("repairs").resource(tampered).update();
        await().atMost(Duration.ofSeconds(15)).until(() -> ca.equals(rootCa("repairs").getData().get("ca.crt")));
    }
}
