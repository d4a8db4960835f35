package io.kube4j.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kube4j.controllers.garbagecollector.Kubectl;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The namespace controller against the real apiserver, with a hollow node that terminates pods. */
class NamespaceControllerIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.nodes(1);
        cluster.controllers(NamespaceController::new);
    }

    /** A namespace with two configmaps, a secret, a service, a pod on the hollow node (graceful) and an unbound pod. */
    private static void populate(String ns) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        for (String name : new String[] {"a", "b"}) {
            client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .addToData("k", "v").build()).create();
        }
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .addToStringData("k", "v").build()).create();
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("svc").endMetadata()
                .withNewSpec().addToSelector("app", "x").addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("running").endMetadata()
                .withNewSpec().withNodeName("hollow-0").withTerminationGracePeriodSeconds(30L)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pending").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        await().atMost(WAIT).until(() -> "Running".equals(client.pods().inNamespace(ns).withName("running").get().getStatus().getPhase()));
    }

    @Test
    void aDeletedNamespaceIsEmptiedAndDisappears() {
        populate("doomed");
        populate("kept");
        client.namespaces().withName("doomed").delete();

        Namespace terminating = client.namespaces().withName("doomed").get();
        if (terminating != null) {
            assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.namespaces().withName("doomed").get()).isNull());
        assertThat(client.configMaps().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace("doomed").list().getItems()).isEmpty();

        assertThat(client.namespaces().withName("kept").get().getStatus().getPhase()).isEqualTo("Active");
        assertThat(client.configMaps().inNamespace("kept").list().getItems()).extracting(c -> c.getMetadata().getName())
                .contains("a", "b");
        assertThat(client.pods().inNamespace("kept").list().getItems()).hasSize(2);
    }

    @Test
    void contentHeldByAFinalizerKeepsTheNamespaceWithConditions() {
        populate("held");
        client.configMaps().inNamespace("held").withName("a").edit(c -> {
            c.getMetadata().setFinalizers(List.of("example.com/hold"));
            return c;
        });
        client.namespaces().withName("held").delete();

        await().atMost(WAIT).untilAsserted(() -> {
            Namespace ns = client.namespaces().withName("held").get();
            assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
            var conditions = ns.getStatus().getConditions();
            assertThat(conditions).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("NamespaceFinalizersRemaining");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains("example.com/hold on 1 objects");
            });
            assertThat(conditions).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("NamespaceContentRemaining");
                assertThat(c.getMessage()).isEqualTo("Content remains: configmaps: 1 objects");
            });
            assertThat(client.pods().inNamespace("held").list().getItems()).isEmpty();
        });

        client.configMaps().inNamespace("held").withName("a").edit(c -> {
            c.getMetadata().setFinalizers(List.of());
            return c;
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.namespaces().withName("held").get()).isNull());
    }

    @Test
    void kubectlDeleteNamespaceReturnsOnceItIsGone() throws Exception {
        populate("by-kubectl");
        var result = new Kubectl(cluster.kubeconfig()).run("delete", "namespace", "by-kubectl", "--timeout=45s");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("namespace \"by-kubectl\" deleted");
        assertThat(client.namespaces().withName("by-kubectl").get()).isNull();
        assertThat(client.pods().inNamespace("by-kubectl").list().getItems()).isEmpty();
    }
}
