package io.kube4j.controllers.endpoints;

import static io.kube4j.controllers.endpoints.EndpointFixtures.NS;
import static io.kube4j.controllers.endpoints.EndpointFixtures.T0;
import static io.kube4j.controllers.endpoints.EndpointFixtures.pod;
import static io.kube4j.controllers.endpoints.EndpointFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsControllerTest {

    private final FakeCluster fake = new FakeCluster();
    private final EndpointsController controller = new EndpointsController(fake.context(InstantSource.fixed(T0.plusSeconds(60)), ControllerOptions.defaults()));

    private Endpoints endpoints() {
        return fake.stored(Endpoints.class, NS, "svc");
    }

    private static List<String> ips(List<EndpointAddress> addresses) {
        return addresses.stream().map(EndpointAddress::getIp).toList();
    }

    @Test
    void readyAndNotReadyPodsWithNamedPortsResolvedPerPod() throws Exception {
        fake.seed(service(),
                pod("a", "10.1.0.2", "n1", 8080, T0.plusSeconds(5)).build(),
                pod("b", "10.1.0.1", "n2", 8081, T0.plusSeconds(7)).build(),
                pod("c", "10.1.0.3", "n1", 8080, null).build(),
                pod("noport", "10.1.0.4", "n1", 0, T0.plusSeconds(5)).build(),
                pod("noip", null, "n1", 8080, null).editStatus().withPodIPs().endStatus().build(),
                new PodBuilder(pod("done", "10.1.0.5", "n1", 8080, T0).build()).editStatus().withPhase("Succeeded").endStatus().build(),
                pod("other", "10.1.0.6", "n1", 8080, T0).editMetadata().withLabels(Map.of("app", "db")).endMetadata().build());

        controller.sync("default/svc");

        Endpoints ep = endpoints();
        assertThat(ep.getMetadata().getLabels()).isEqualTo(Map.of("team", "a"));
        assertThat(ep.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-01-01T12:00:00Z");
        List<EndpointSubset> subsets = ep.getSubsets();
        // Port sets: {http 8080, metrics} for a and c; {http 8081, metrics} for b; {metrics} alone for noport.
        assertThat(subsets).hasSize(3);
        EndpointSubset on8080 = subsetWith(subsets, 8080);
        assertThat(ips(on8080.getAddresses())).containsExactly("10.1.0.2");
        assertThat(ips(on8080.getNotReadyAddresses())).containsExactly("10.1.0.3");
        assertThat(on8080.getPorts()).extracting(EndpointPort::getName, EndpointPort::getPort)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", 8080), org.assertj.core.groups.Tuple.tuple("metrics", 9090));
        assertThat(ips(subsetWith(subsets, 8081).getAddresses())).containsExactly("10.1.0.1");
        EndpointSubset metricsOnly = subsets.stream().filter(s -> s.getPorts().size() == 1).findFirst().orElseThrow();
        assertThat(ips(metricsOnly.getAddresses())).containsExactly("10.1.0.4");
        EndpointAddress a = on8080.getAddresses().getFirst();
        assertThat(a.getNodeName()).isEqualTo("n1");
        assertThat(a.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(a.getTargetRef().getName()).isEqualTo("a");
        assertThat(a.getTargetRef().getUid()).isEqualTo("a-uid");
        assertThat(a.getHostname()).isNull();
    }

    private static EndpointSubset subsetWith(List<EndpointSubset> subsets, int port) {
        return subsets.stream().filter(s -> s.getPorts().stream().anyMatch(p -> p.getPort() == port)).findFirst().orElseThrow();
    }

    @Test
    void publishNotReadyAddressesListsEveryPodAsReadyIncludingTerminatingOnes() throws Exception {
        Service svc = service("svc").editSpec().withPublishNotReadyAddresses(true).endSpec().build();
        fake.seed(svc, pod("a", "10.1.0.1", "n1", 8080, null).build(),
                pod("t", "10.1.0.2", "n1", 8080, T0).editMetadata().withDeletionTimestamp(T0.toString()).withFinalizers("x").endMetadata().build());

        controller.sync("default/svc");

        EndpointSubset s = endpoints().getSubsets().getFirst();
        assertThat(ips(s.getAddresses())).containsExactly("10.1.0.1", "10.1.0.2");
        assertThat(s.getNotReadyAddresses()).isNullOrEmpty();
    }

    @Test
    void terminatingPodsLeaveTheEndpoints() throws Exception {
        fake.seed(service(), pod("a", "10.1.0.1", "n1", 8080, T0).build(),
                pod("t", "10.1.0.2", "n1", 8080, T0).editMetadata().withDeletionTimestamp(T0.toString()).withFinalizers("x").endMetadata().build());

        controller.sync("default/svc");

        assertThat(endpoints().getSubsets()).singleElement().satisfies(s -> {
            assertThat(ips(s.getAddresses())).containsExactly("10.1.0.1");
            assertThat(s.getNotReadyAddresses()).isNullOrEmpty();
        });
    }

    @Test
    void headlessServicesPublishHostnamesAndTheHeadlessLabel() throws Exception {
        Service svc = service("svc").editSpec().withClusterIP("None").withPorts().endSpec().build();
        fake.seed(svc, pod("a", "10.1.0.1", "n1", 8080, T0).editSpec().withHostname("a").withSubdomain("svc").endSpec().build());

        controller.sync("default/svc");

        Endpoints ep = endpoints();
        assertThat(ep.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
        EndpointSubset s = ep.getSubsets().getFirst();
        assertThat(s.getPorts()).isNullOrEmpty();
        assertThat(s.getAddresses().getFirst().getHostname()).isEqualTo("a");
    }

    @Test
    void unchangedEndpointsAreNotRewrittenAndChangesAre() throws Exception {
        fake.seed(service(), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        controller.sync("default/svc");
        assertThat(fake.actions("create", "Endpoints")).hasSize(1);
        assertThat(fake.actions("update", "Endpoints")).isEmpty();

        // The pod becomes not ready: it moves to notReadyAddresses with a new trigger time.
        Pod notReady = pod("a", "10.1.0.1", "n1", 8080, null).editStatus().editFirstCondition()
                .withLastTransitionTime(T0.plusSeconds(30).toString()).endCondition().endStatus().build();
        fake.updateStatus(notReady);
        controller.sync("default/svc");

        Endpoints ep = endpoints();
        assertThat(ep.getSubsets().getFirst().getAddresses()).isNullOrEmpty();
        assertThat(ips(ep.getSubsets().getFirst().getNotReadyAddresses())).containsExactly("10.1.0.1");
        assertThat(ep.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/last-change-trigger-time", "2026-01-01T12:00:30Z");
    }

    @Test
    void servicesWithoutSelectorKeepTheirEndpoints() throws Exception {
        Service manual = new ServiceBuilder(service()).editSpec().withSelector(Map.of()).endSpec().build();
        Endpoints mine = new EndpointsBuilder().withNewMetadata().withName("svc").withNamespace(NS).endMetadata()
                .addNewSubset().addNewAddress().withIp("192.168.1.1").endAddress().addNewPort().withPort(5432).endPort().endSubset().build();
        fake.seed(manual, mine, pod("a", "10.1.0.1", "n1", 8080, T0).build());

        controller.sync("default/svc");

        assertThat(fake.actions()).isEmpty();
    }

    @Test
    void endpointsOfADeletedServiceAreDeleted() throws Exception {
        fake.seed(service(), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        fake.remove(fake.stored(Service.class, NS, "svc"));

        controller.sync("default/svc");

        assertThat(endpoints()).isNull();
        assertThat(fake.actions("delete", "Endpoints")).hasSize(1);
        controller.sync("default/svc"); // already gone: nothing to do, no error
    }

    @Test
    void podEventsWakeTheServicesThatSelectThePod() throws Exception {
        fake.seed(service(), service("other").editSpec().withSelector(Map.of("app", "db")).endSpec().build());
        QueuedKeys.drain(controller);
        fake.create(pod("a", "10.1.0.1", "n1", 8080, T0).build());
        assertThat(QueuedKeys.drain(controller)).containsExactly("default/svc");
    }

    @Test
    void moreThanAThousandAddressesAreTruncatedReadyFirstAndAnnotated() throws Exception {
        fake.seed(service());
        List<Pod> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            pods.add(pod("p" + i, "10.3." + (i / 250) + "." + (i % 250), "n1", 8080, i < 5 ? null : T0).build());
        }
        fake.seed(pods.toArray(Pod[]::new));

        controller.sync("default/svc");

        Endpoints ep = endpoints();
        assertThat(ep.getMetadata().getAnnotations()).containsEntry("endpoints.kubernetes.io/over-capacity", "truncated");
        assertThat(ep.getSubsets().getFirst().getAddresses()).hasSize(1000);
        assertThat(ep.getSubsets().getFirst().getNotReadyAddresses()).isNullOrEmpty();
    }

    @Test
    void startingQueuesLeftoverEndpointsWhoseServiceIsGone() {
        Endpoints leftover = new EndpointsBuilder().withNewMetadata().withName("gone").withNamespace(NS).endMetadata().build();
        Endpoints lock = new EndpointsBuilder().withNewMetadata().withName("lock").withNamespace(NS)
                .addToAnnotations("control-plane.alpha.kubernetes.io/leader", "{}").endMetadata().build();
        fake.seed(leftover, lock);
        controller.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> fake.stored(Endpoints.class, NS, "gone") == null);
            assertThat(fake.stored(Endpoints.class, NS, "lock")).isNotNull();
        } finally {
            controller.close();
        }
    }
}
