package io.kube4j.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.kube4j.controllers.machinery.ApiErrors;
import io.kube4j.controllers.testing.FakeCluster;
import org.junit.jupiter.api.Test;

class ServiceAccountsControllerTest {

    private final FakeCluster fake = new FakeCluster();

    static Namespace ns(String name, String phase) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    }

    static ServiceAccount sa(String ns) {
        return new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(ns).endMetadata().build();
    }

    @Test
    void createsTheMissingDefaultAccount() {
        fake.seed(ns("a", "Active"));
        new ServiceAccountsController(fake.context()).sync("a");
        assertThat(fake.stored(ServiceAccount.class, "a", "default")).isNotNull();
        assertThat(fake.actions("create", "ServiceAccount")).hasSize(1);
    }

    @Test
    void leavesAnExistingAccountAndTerminatingOrAbsentNamespacesAlone() {
        fake.seed(ns("a", "Active"), sa("a"), ns("t", "Terminating"));
        var c = new ServiceAccountsController(fake.context());
        c.sync("a");
        c.sync("t");
        c.sync("gone");
        assertThat(fake.actions()).isEmpty();
    }

    @Test
    void deletingTheAccountQueuesItsNamespaceAndTheSyncRestoresIt() throws Exception {
        fake.seed(ns("a", "Active"), sa("a"));
        var c = new ServiceAccountsController(fake.context());
        fake.delete(ServiceAccount.class, "a", "default", io.kube4j.controllers.machinery.Api.Deletion.DEFAULT);
        assertThat(c.queue().get()).isEqualTo("a");
        c.sync("a");
        assertThat(fake.stored(ServiceAccount.class, "a", "default")).isNotNull();
    }

    @Test
    void alreadyExistsIsNotAnError() {
        fake.seed(ns("a", "Active"));
        fake.failNext("create", "ServiceAccount", ApiErrors.status(409, "AlreadyExists", "exists"));
        new ServiceAccountsController(fake.context()).sync("a");
    }
}
