package io.kube4j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kube4j.apiserver.testing.ServerPerClass;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST pods/binding}, the scheduler's write: it sets spec.nodeName, PodScheduled=True and
 * the binding's annotations, validates the resulting metadata, and refuses a bound pod or another
 * pod's uid.
 */
class BindingIT extends ServerPerClass {

    private static final String NS = "binding";

    @BeforeAll
    static void seed() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    private static Pod pending(String name) {
        return client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("nginx").withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model
                        .Quantity("100m")).endResources().endContainer().endSpec().build()).create();
    }

    private static HttpResponse<String> bind(String pod, String metadataExtra, String node) throws Exception {
        try (var http = server.http()) {
            return http.send(HttpRequest.newBuilder(server.url().resolve("/api/v1/namespaces/" + NS + "/pods/" + pod
                            + "/binding"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"Binding\","
                            + "\"metadata\":{\"name\":\"" + pod + "\"" + metadataExtra + "},"
                            + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + node + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void bindingSetsTheNodeTheConditionAndAnnotationsAndKeepsTheRest() throws Exception {
        Pod before = pending("a");
        HttpResponse<String> r = bind("a", ",\"uid\":\"" + before.getMetadata().getUid()
                + "\",\"annotations\":{\"example.com/placed-by\":\"test\"}", "node-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        Pod after = client.pods().inNamespace(NS).withName("a").get();
        assertThat(after.getSpec().getNodeName()).isEqualTo("node-1");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("example.com/placed-by", "test");
        assertThat(after.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
        assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
        assertThat(after.getMetadata().getCreationTimestamp()).isEqualTo(before.getMetadata().getCreationTimestamp());
        assertThat(after.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(after.getSpec().getContainers().getFirst().getResources().getRequests().get("cpu").toString())
                .isEqualTo("100m");
        assertThat(Long.parseLong(after.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(before.getMetadata().getResourceVersion()));
    }

    @Test
    void aBoundPodIsAConflict() throws Exception {
        pending("b");
        assertThat(bind("b", "", "node-1").statusCode()).isEqualTo(201);
        HttpResponse<String> again = bind("b", "", "node-2");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("is already assigned to node \\\"node-1\\\"");
        assertThat(client.pods().inNamespace(NS).withName("b").get().getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void anotherPodsUidIsAConflict() throws Exception {
        pending("c");
        HttpResponse<String> r = bind("c", ",\"uid\":\"00000000-0000-0000-0000-000000000000\"", "node-1");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(client.pods().inNamespace(NS).withName("c").get().getSpec().getNodeName()).isNull();
    }

    @Test
    void anInvalidAnnotationIsRefusedAndNothingIsWritten() throws Exception {
        pending("d");
        HttpResponse<String> r = bind("d", ",\"annotations\":{\"not a key!\":\"x\"}", "node-1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).contains("metadata.annotations");
        Pod d = client.pods().inNamespace(NS).withName("d").get();
        assertThat(d.getSpec().getNodeName()).isNull();
        assertThat(d.getMetadata().getAnnotations()).isNullOrEmpty();
    }
}
