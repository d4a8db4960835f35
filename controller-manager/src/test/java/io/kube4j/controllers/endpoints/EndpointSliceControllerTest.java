package io.kube4j.controllers.endpoints;

import static io.kube4j.controllers.endpoints.EndpointFixtures.NS;
import static io.kube4j.controllers.endpoints.EndpointFixtures.T0;
import static io.kube4j.controllers.endpoints.EndpointFixtures.node;
import static io.kube4j.controllers.endpoints.EndpointFixtures.pod;
import static io.kube4j.controllers.endpoints.EndpointFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kube4j.controllers.machinery.ControllerOptions;
import io.kube4j.controllers.testing.FakeCluster;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointSliceControllerTest {

    private final FakeCluster fake = new FakeCluster();
    private final EndpointSliceController controller = new EndpointSliceController(fake.context(InstantSource.fixed(T0.plusSeconds(60)), ControllerOptions.defaults()));

    private List<EndpointSlice> slices() {
        return fake.stored(EndpointSlice.class);
    }

    private static Endpoint endpointOf(List<EndpointSlice> slices, String pod) {
        return slices.stream().flatMap(s -> s.getEndpoints().stream()).filter(e -> e.getTargetRef().getName().equals(pod))
                .findFirst().orElseThrow();
    }

    @Test
    void slicesCarryConditionsPortsLabelsAndTheServiceAsOwner() throws Exception {
        fake.seed(service(), node("n1", "zone-a"), node("n2", null),
                pod("a", "10.1.0.1", "n1", 8080, T0).build(),
                pod("b", "10.1.0.2", "n2", 8080, null).build(),
                pod("t", "10.1.0.3", "n1", 8080, T0).editMetadata().withDeletionTimestamp(T0.toString()).withFinalizers("x").endMetadata().build(),
                pod("h", "10.1.0.4", "n1", 8080, T0).editSpec().withHostname("h").withSubdomain("svc").endSpec().build());

        controller.sync("default/svc");

        List<EndpointSlice> slices = slices();
        assertThat(slices).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getGenerateName()).isEqualTo("svc-");
            assertThat(s.getAddressType()).isEqualTo("IPv4");
            assertThat(s.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "svc")
                    .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.x-k8s.io")
                    .containsEntry("team", "a");
            var owner = s.getMetadata().getOwnerReferences().getFirst();
            assertThat(owner.getKind()).isEqualTo("Service");
            assertThat(owner.getUid()).isEqualTo("svc-uid");
            assertThat(owner.getController()).isTrue();
            assertThat(s.getMetadata().getAnnotations()).containsKey("endpoints.kubernetes.io/last-change-trigger-time");
            assertThat(s.getPorts()).extracting(EndpointPort::getName, EndpointPort::getPort)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("http", 8080), org.assertj.core.groups.Tuple.tuple("metrics", 9090));
            assertThat(s.getEndpoints()).hasSize(4);
        });
        Endpoint a = endpointOf(slices, "a");
        assertThat(a.getAddresses()).containsExactly("10.1.0.1");
        assertThat(List.of(a.getConditions().getReady(), a.getConditions().getServing(), a.getConditions().getTerminating())).containsExactly(true, true, false);
        assertThat(a.getNodeName()).isEqualTo("n1");
        assertThat(a.getZone()).isEqualTo("zone-a");
        assertThat(a.getTargetRef().getUid()).isEqualTo("a-uid");
        Endpoint b = endpointOf(slices, "b");
        assertThat(List.of(b.getConditions().getReady(), b.getConditions().getServing(), b.getConditions().getTerminating())).containsExactly(false, false, false);
        assertThat(b.getZone()).isNull();
        Endpoint t = endpointOf(slices, "t");
        assertThat(List.of(t.getConditions().getReady(), t.getConditions().getServing(), t.getConditions().getTerminating())).containsExactly(false, true, true);
        assertThat(endpointOf(slices, "h").getHostname()).isEqualTo("h");
    }

    @Test
    void podsServingDifferentPortsGoToDifferentSlices() throws Exception {
        fake.seed(service(), node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build(), pod("b", "10.1.0.2", "n1", 8081, T0).build());

        controller.sync("default/svc");

        assertThat(slices()).hasSize(2).allSatisfy(s -> assertThat(s.getEndpoints()).hasSize(1));
    }

    @Test
    void atMostAHundredEndpointsPerSliceAndStableAcrossSyncs() throws Exception {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pods.add(pod(String.format("p%03d", i), "10.2." + (i / 200) + "." + (i % 200), "n1", 8080, T0).build());
        }
        fake.seed(service(), node("n1", null));
        fake.seed(pods.toArray(Pod[]::new));

        controller.sync("default/svc");
        assertThat(slices()).hasSize(3).extracting(s -> s.getEndpoints().size()).containsExactlyInAnyOrder(100, 100, 50);

        fake.clearActions();
        controller.sync("default/svc");
        assertThat(fake.actions()).isEmpty();

        // One pod goes: only its slice is rewritten.
        fake.remove(fake.stored(Pod.class, NS, "p007"));
        controller.sync("default/svc");
        assertThat(fake.actions()).singleElement().satisfies(a -> assertThat(a.verb()).isEqualTo("update"));
        assertThat(slices()).extracting(s -> s.getEndpoints().size()).containsExactlyInAnyOrder(99, 100, 50);
    }

    @Test
    void aServiceWithoutEndpointsHasOnePlaceholderSlice() throws Exception {
        fake.seed(service());
        controller.sync("default/svc");
        assertThat(slices()).singleElement().satisfies(s -> {
            assertThat(s.getEndpoints()).isNullOrEmpty();
            assertThat(s.getPorts()).isNullOrEmpty();
        });

        fake.seed(node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        assertThat(slices()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).hasSize(1));
    }

    @Test
    void aNotReadyPodChangesItsConditions() throws Exception {
        fake.seed(service(), node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        fake.updateStatus(pod("a", "10.1.0.1", "n1", 8080, null).build());

        controller.sync("default/svc");

        Endpoint a = endpointOf(slices(), "a");
        assertThat(a.getConditions().getReady()).isFalse();
        assertThat(a.getConditions().getServing()).isFalse();
        assertThat(slices()).hasSize(1);
    }

    @Test
    void staleCacheIsRefusedUntilOurWritesAreSeen() throws Exception {
        fake.seed(service(), node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        fake.holdEvents();
        controller.sync("default/svc");
        assertThat(fake.actions("create", "EndpointSlice")).hasSize(1);

        assertThatThrownBy(() -> controller.sync("default/svc")).hasMessageContaining("out of date");
        assertThat(fake.actions("create", "EndpointSlice")).hasSize(1);

        fake.deliverEvents();
        controller.sync("default/svc");
        assertThat(fake.actions("create", "EndpointSlice")).hasSize(1);
    }

    @Test
    void podsOnNodesNotYetKnownAreLeftOutAndRetried() throws Exception {
        fake.seed(service(), node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build(), pod("b", "10.1.0.2", "n9", 8080, T0).build());

        assertThatThrownBy(() -> controller.sync("default/svc")).hasMessageContaining("n9");

        assertThat(slices()).singleElement().satisfies(s -> assertThat(s.getEndpoints()).extracting(e -> e.getTargetRef().getName()).containsExactly("a"));
    }

    @Test
    void slicesOfOthersAndServicesWithoutSelectorAreLeftAlone() throws Exception {
        Service manual = new ServiceBuilder(service()).editSpec().withSelector(Map.of()).endSpec().build();
        fake.seed(manual, node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        assertThat(fake.actions()).isEmpty();
    }

    @Test
    void slicesOfADeletedServiceAreDeleted() throws Exception {
        fake.seed(service(), node("n1", null), pod("a", "10.1.0.1", "n1", 8080, T0).build());
        controller.sync("default/svc");
        assertThat(slices()).hasSize(1);
        fake.remove(fake.stored(Service.class, NS, "svc"));

        controller.sync("default/svc");

        assertThat(slices()).isEmpty();
    }
}
