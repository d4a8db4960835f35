package io.kube4j.controllers.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.testing.ClusterPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Endpoints and EndpointSlices of a service whose pods run on hollow nodes, through the real apiserver. */
class EndpointControllersIT extends ClusterPerClass {

    private static final Duration WAIT = Duration.ofSeconds(30);


    @BeforeAll
    static void start() throws Exception {
        startCluster();
        cluster.controllers(EndpointsController::new, EndpointSliceController::new);
        cluster.scheduler();
        cluster.nodes(2);
    }

    private static Pod pod(String name) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withLabels(Map.of("app", "echo")).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("echo")
                .addNewPort().withName("web").withContainerPort(8080).endPort().endContainer().endSpec();
        return b.build();
    }

    private static Endpoints endpoints() {
        return client.endpoints().inNamespace("default").withName("echo").get();
    }

    private static List<EndpointSlice> slices() {
        return client.discovery().v1().endpointSlices().inNamespace("default").withLabel("kubernetes.io/service-name", "echo").list().getItems();
    }

    private static int count(List<EndpointAddress> addresses) {
        return addresses == null ? 0 : addresses.size();
    }

    @Test
    void aServiceGetsEndpointsAndSlicesOfItsRunningPods() {
        client.resource(new ServiceBuilder().withNewMetadata().withName("echo").withNamespace("default").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "echo"))
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("web")).endPort().endSpec().build()).create();
        for (String name : List.of("echo-0", "echo-1", "echo-2")) {
            client.resource(pod(name)).create();
        }

        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Endpoints ep = endpoints();
            assertThat(ep).isNotNull();
            assertThat(ep.getSubsets()).singleElement().satisfies(s -> {
                assertThat(count(s.getAddresses())).isEqualTo(3);
                assertThat(count(s.getNotReadyAddresses())).isZero();
                assertThat(s.getPorts().getFirst().getPort()).isEqualTo(8080);
                assertThat(s.getAddresses()).allSatisfy(a -> assertThat(a.getNodeName()).startsWith("hollow-"));
            });
            assertThat(slices()).singleElement().satisfies(s -> {
                assertThat(s.getEndpoints()).hasSize(3).allMatch(e -> e.getConditions().getReady());
                assertThat(s.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.x-k8s.io");
                assertThat(s.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo("echo");
            });
        });

        // A pod whose readiness fails (as a kubelet's probe would report) moves to notReadyAddresses.
        Pod echo2 = client.pods().inNamespace("default").withName("echo-2").get();
        echo2.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready") || c.getType().equals("ContainersReady"))
                .forEach(c -> {
                    c.setStatus("False");
                    c.setLastTransitionTime(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                });
        client.pods().resource(echo2).updateStatus();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName("echo-2").get();
            assertThat(Pods.phase(p)).isEqualTo("Running");
            assertThat(Pods.ready(p)).isFalse();
            var subset = endpoints().getSubsets().getFirst();
            assertThat(count(subset.getAddresses())).isEqualTo(2);
            assertThat(subset.getNotReadyAddresses()).singleElement().satisfies(a -> assertThat(a.getTargetRef().getName()).isEqualTo("echo-2"));
            Endpoint e = slices().stream().flatMap(s -> s.getEndpoints().stream())
                    .filter(x -> x.getTargetRef().getName().equals("echo-2")).findFirst().orElseThrow();
            assertThat(e.getConditions().getReady()).isFalse();
            assertThat(e.getConditions().getServing()).isFalse();
        });

        // The service goes: its Endpoints go with it.
        client.services().inNamespace("default").withName("echo").delete();
        await().ignoreExceptions().atMost(WAIT).untilAsserted(() -> {
            assertThat(endpoints()).isNull();
            assertThat(slices()).isEmpty();
        });
    }
}
