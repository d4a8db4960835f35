package io.kube4j.apiserver.resources.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kube4j.apiserver.testing.TestApiServer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster IPs and node ports as upstream allocates them, and the {@code kubernetes} Service. */
class ServiceAllocationIT {

    private static TestApiServer server;
    private static KubernetesClient client;
    private static final ServiceIpRange RANGE = ServiceIpRange.parse("10.96.0.0/12");

    @BeforeAll
    static void start() throws Exception {
        server = TestApiServer.start();
        client = server.fabric8();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close();
    }

    private static Service service(String name, String type, String clusterIp, Integer nodePort) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withType(type).withClusterIP(clusterIp).withSelector(java.util.Map.of("app", name))
                .addNewPort().withPort(80).withNodePort(nodePort).endPort().endSpec().build();
    }

    @Test
    void theKubernetesServicePointsAtTheApiserver() {
        Service svc = client.services().inNamespace("default").withName("kubernetes").get();
        assertThat(svc.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        assertThat(svc.getSpec().getPorts().getFirst().getPort()).isEqualTo(443);
        assertThat(svc.getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(server.url().getPort());
        Endpoints ep = client.endpoints().inNamespace("default").withName("kubernetes").get();
        assertThat(ep.getSubsets().getFirst().getAddresses().getFirst().getIp()).isEqualTo("127.0.0.1");
        assertThat(ep.getSubsets().getFirst().getPorts().getFirst().getPort()).isEqualTo(server.url().getPort());
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes").get();
        assertThat(slice.getEndpoints().getFirst().getAddresses()).containsExactly("127.0.0.1");
    }

    @Test
    void servicesGetDistinctAddressesOfTheRangeAndHeadlessOnesNone() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Service s = client.services().inNamespace("default").resource(service("auto-" + i, "ClusterIP", null, null)).create();
            String ip = s.getSpec().getClusterIP();
            assertThat(RANGE.allocatable(ip)).as(ip).isTrue();
            assertThat(s.getSpec().getClusterIPs()).containsExactly(ip);
            ips.add(ip);
        }
        assertThat(ips).hasSize(20).doesNotContain("10.96.0.1");
        Service headless = client.services().inNamespace("default").resource(service("headless", "ClusterIP", "None", null)).create();
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    }

    @Test
    void aChosenAddressMustBeFreeAndInRangeAndIsReleasedOnDelete() {
        client.services().inNamespace("default").resource(service("first", "ClusterIP", "10.96.0.10", null)).create();
        assertThatThrownBy(() -> client.services().inNamespace("default")
                .resource(service("second", "ClusterIP", "10.96.0.10", null)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Service \"second\" is invalid: spec.clusterIPs: "
                            + "Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: "
                            + "provided IP is already allocated");
                });
        assertThat(client.services().inNamespace("default").withName("second").get()).isNull();
        assertThatThrownBy(() -> client.services().inNamespace("default")
                .resource(service("outside", "ClusterIP", "192.168.0.10", null)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .contains("the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12"));

        client.services().inNamespace("default").withName("first").delete();
        Service again = client.services().inNamespace("default")
                .resource(service("second", "ClusterIP", "10.96.0.10", null)).create();
        assertThat(again.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
    }

    @Test
    void nodePortsAreAllocatedKeptOnUpdateAndReleasedWhenTheTypeChanges() {
        Service np = client.services().inNamespace("default").resource(service("np", "NodePort", null, null)).create();
        int port = np.getSpec().getPorts().getFirst().getNodePort();
        assertThat(port).isBetween(30000, 32767);

        Service updated = client.services().inNamespace("default").withName("np")
                .edit(s -> new ServiceBuilder(s).editMetadata().addToLabels("x", "y").endMetadata().build());
        assertThat(updated.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(port);

        assertThatThrownBy(() -> client.services().inNamespace("default")
                .resource(service("np2", "NodePort", null, port)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("Service \"np2\" is invalid: spec.ports[0].nodePort: Invalid value: " + port
                                + ": provided port is already allocated"));

        client.services().inNamespace("default").withName("np").edit(s -> {
            s.getSpec().setType("ClusterIP");
            s.getSpec().getPorts().getFirst().setNodePort(null);
            return s;
        });
        Service np2 = client.services().inNamespace("default").resource(service("np2", "NodePort", null, port)).create();
        assertThat(np2.getSpec().getPorts().getFirst().getNodePort()).isEqualTo(port);
        assertThatThrownBy(() -> client.services().inNamespace("default")
                .resource(service("np3", "NodePort", null, 80)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .contains("provided port is not in the valid range. The range of valid ports is 30000-32767"));
    }
}
