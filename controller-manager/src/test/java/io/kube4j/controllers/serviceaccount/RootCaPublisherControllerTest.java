package io.kube4j.controllers.serviceaccount;

import static io.kube4j.controllers.serviceaccount.ServiceAccountsControllerTest.ns;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kube4j.controllers.machinery.Api;
import io.kube4j.controllers.testing.FakeCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootCaPublisherControllerTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private final FakeCluster fake = new FakeCluster();

    private static ConfigMap cm(String ns, String ca, boolean described) {
        var b = new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt").withNamespace(ns).endMetadata().addToData("ca.crt", ca);
        if (described) {
            b.editMetadata().addToAnnotations(RootCaPublisherController.DESCRIPTION_ANNOTATION, RootCaPublisherController.DESCRIPTION).endMetadata();
        }
        return b.build();
    }

    private ConfigMap stored(String ns) {
        return fake.stored(ConfigMap.class, ns, "kube-root-ca.crt");
    }

    @Test
    void createsTheConfigMapWithTheGivenCa() {
        fake.seed(ns("a", "Active"));
        new RootCaPublisherController(fake.context(), CA).sync("a");
        assertThat(stored("a").getData()).isEqualTo(Map.of("ca.crt", CA));
        assertThat(stored("a").getMetadata().getAnnotations()).containsEntry("kubernetes.io/description", RootCaPublisherController.DESCRIPTION);
    }

    @Test
    void readsTheCaFromKubeSystemWhenNoneIsGiven() {
        fake.seed(ns("kube-system", "Active"), cm("kube-system", CA, true), ns("a", "Active"));
        new RootCaPublisherController(fake.context()).sync("a");
        assertThat(stored("a").getData()).isEqualTo(Map.of("ca.crt", CA));
    }

    @Test
    void withoutAnyCaNothingIsWritten() {
        fake.seed(ns("a", "Active"));
        new RootCaPublisherController(fake.context()).sync("a");
        assertThat(fake.actions()).isEmpty();
    }

    @Test
    void repairsAlteredDataAndTheDescriptionButLeavesACorrectOneAlone() {
        fake.seed(ns("a", "Active"), cm("a", "tampered", true), ns("b", "Active"), cm("b", CA, false), ns("c", "Active"), cm("c", CA, true));
        var ctrl = new RootCaPublisherController(fake.context(), CA);
        ctrl.sync("a");
        ctrl.sync("b");
        ctrl.sync("c");
        assertThat(stored("a").getData()).isEqualTo(Map.of("ca.crt", CA));
        assertThat(stored("b").getMetadata().getAnnotations()).containsKey("kubernetes.io/description");
        assertThat(fake.actions()).extracting(FakeCluster.Action::namespace).containsExactly("a", "b");
    }

    @Test
    void deletedConfigMapIsQueuedAndRecreated() throws Exception {
        fake.seed(ns("a", "Active"), cm("a", CA, true));
        var ctrl = new RootCaPublisherController(fake.context(), CA);
        fake.delete(ConfigMap.class, "a", "kube-root-ca.crt", Api.Deletion.DEFAULT);
        assertThat(ctrl.queue().get()).isEqualTo("a");
        ctrl.sync("a");
        assertThat(stored("a").getData()).isEqualTo(Map.of("ca.crt", CA));
    }
}
