package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pods/eviction} against PodDisruptionBudgets, through fabric8's {@code evict()}. */
class EvictionIT extends ServerPerClass {

    private static void runningPod(String ns, String name, String app) {
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("app", app)).endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("nginx").endContainer()
                .endSpec().build()).create();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        client.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    private static void budget(String ns, String app, int allowed) {
        PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(
                new PodDisruptionBudgetBuilder().withNewMetadata().withName(app + "-pdb").endMetadata()
                        .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector()
                        .addToMatchLabels("app", app).endSelector().endSpec().build()).create();
        pdb.setStatus(new PodDisruptionBudgetStatusBuilder().withObservedGeneration(pdb.getMetadata().getGeneration())
                .withDisruptionsAllowed(allowed).withCurrentHealthy(1 + allowed).withDesiredHealthy(1)
                .withExpectedPods(1 + allowed).build());
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(pdb).updateStatus();
    }

    @Test
    void aBudgetIsSpentOnceThenEvictionsAreRefusedWith429() throws Exception {
        String ns = "evict-budget";
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        runningPod(ns, "a", "web");
        runningPod(ns, "b", "web");
        budget(ns, "web", 1);

        assertThat(client.pods().inNamespace(ns).withName("a").evict()).isTrue();
        PodDisruptionBudget spent = client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web-pdb").get();
        assertThat(spent.getStatus().getDisruptionsAllowed()).isZero();
        assertThat(spent.getStatus().getDisruptedPods()).containsKey("a");
        // a pod on a node is deleted gracefully: it stays, marked for deletion
        assertThat(client.pods().inNamespace(ns).withName("a").get().getMetadata().getDeletionTimestamp()).isNotNull();

        // (fabric8's evict() retries 429s with back-off before answering false: ask once, raw)
        assertThat(evict(ns, "b").statusCode()).isEqualTo(429);
        assertThat(client.pods().inNamespace(ns).withName("b").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    private static java.net.http.HttpResponse<String> evict(String ns, String pod) throws Exception {
        try (var http = server.http()) {
            return http.send(java.net.http.HttpRequest.newBuilder(server.url().resolve(
                            "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"policy/v1\","
                            + "\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\",\"namespace\":\"" + ns + "\"}}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void refusalCarriesTheDisruptionBudgetCause() throws Exception {
        String ns = "evict-cause";
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        runningPod(ns, "only", "db");
        budget(ns, "db", 0);
        var response = evict(ns, "only");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.body())
                .contains("\"reason\":\"TooManyRequests\"")
                .contains("Cannot evict pod as it would violate the pod's disruption budget.")
                .contains("\"reason\":\"DisruptionBudget\"")
                .contains("The disruption budget db-pdb needs 1 healthy pods and has 1 currently");
        assertThat(client.pods().inNamespace(ns).withName("only").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void podsWithoutABudgetOrNotRunningGoAtOnce() {
        String ns = "evict-free";
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(ns).endMetadata().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pending")
                .withLabels(Map.of("app", "db")).endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("nginx").endContainer().endSpec().build()).create();
        budget(ns, "db", 0);
        assertThat(client.pods().inNamespace(ns).withName("pending").evict()).isTrue();
        assertThat(client.pods().inNamespace(ns).withName("pending").get()).isNull();
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("missing").evict())
                .isInstanceOf(KubernetesClientException.class);
    }
}
