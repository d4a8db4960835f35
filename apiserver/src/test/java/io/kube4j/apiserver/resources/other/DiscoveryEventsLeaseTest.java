package io.kube4j.apiserver.resources.other;

import static io.kube4j.apiserver.resources.apps.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.resources.apps.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** EndpointSlice, events.k8s.io Event and Lease. */
class DiscoveryEventsLeaseTest {

    private final EndpointSliceStrategy slices = new EndpointSliceStrategy();
    private final EventStrategy events = new EventStrategy();
    private final LeaseStrategy leases = new LeaseStrategy();

    static EndpointSlice slice(String type, String address) {
        EndpointSlice s = Fixtures.read("""
            metadata: {name: web-abc, namespace: default}
            addressType: %s
            endpoints:
            - addresses: ["%s"]
              conditions: {ready: true}
            ports:
            - {name: http, port: 80}
            """.formatted(type, address), EndpointSlice.class);
        new EndpointSliceStrategy().applyDefaults(s);
        return s;
    }

    record Addr(String type, String address, boolean valid) {
        @Override
        public String toString() {
            return type + " " + address;
        }
    }

    static Stream<Addr> addresses() {
        return Stream.of(new Addr("IPv4", "10.0.0.1", true), new Addr("IPv4", "10.0.0.256", false),
                new Addr("IPv4", "fd00::1", false), new Addr("IPv6", "fd00::1", true),
                new Addr("IPv6", "2001:db8:0:0:0:0:2:1", true), new Addr("IPv6", "::ffff:10.0.0.1", false),
                new Addr("IPv6", "1:2:3:4:5:6:7:8:9", false), new Addr("IPv6", "10.0.0.1", false),
                new Addr("FQDN", "web.example.com", true), new Addr("FQDN", "web", false),
                new Addr("FQDN", "Web.example.com", false));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void addressesPerType(Addr c) {
        List<FieldError> errs = slices.validate(slice(c.type(), c.address()));
        if (c.valid()) {
            assertThat(errs).isEmpty();
        } else {
            assertThat(summary(errs)).containsExactly("endpoints[0].addresses[0] FieldValueInvalid");
        }
    }

    @Test
    void sliceRules() {
        EndpointSlice s = slice("IPv4", "10.0.0.1");
        assertThat(s.getPorts().getFirst().getProtocol()).isEqualTo("TCP");
        EndpointSlice bad = slice("IPv5", "10.0.0.1");
        bad.getEndpoints().getFirst().setAddresses(new ArrayList<>());
        bad.getPorts().add(Fixtures.read("{name: http, port: 81, protocol: QUIC}",
                io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort.class));
        assertThat(summary(slices.validate(bad))).containsExactly("addressType FieldValueNotSupported",
                "endpoints[0].addresses FieldValueRequired", "ports[1].name FieldValueDuplicate",
                "ports[1].protocol FieldValueNotSupported");
        EndpointSlice other = slice("IPv6", "fd00::1");
        assertThat(summary(slices.validateUpdate(other, s))).containsExactly("addressType FieldValueInvalid");
    }

    static Event event() {
        return Fixtures.read("""
            metadata: {name: web.1, namespace: default}
            eventTime: "2026-01-01T00:00:00.000000Z"
            reportingController: example.com/controller
            reportingInstance: controller-1
            action: Scale
            reason: ScaledUp
            type: Normal
            note: scaled to 3
            regarding: {kind: Deployment, name: web, namespace: default}
            """, Event.class);
    }

    @Test
    void eventRules() {
        assertThat(events.validate(event())).isEmpty();
        Event e = event();
        e.setEventTime(null);
        e.setType("Odd");
        e.setDeprecatedCount(3);
        assertThat(summary(events.validate(e))).containsExactly("eventTime FieldValueRequired",
                "type FieldValueInvalid", "deprecatedCount FieldValueInvalid");
        Event missing = event();
        missing.setReportingController(null);
        missing.setAction("");
        missing.getRegarding().setNamespace("other");
        // An empty qualified name fails both as empty and as not matching, as upstream reports it.
        assertThat(summary(events.validate(missing))).containsExactly("reportingController FieldValueRequired",
                "reportingController FieldValueInvalid", "reportingController FieldValueInvalid",
                "action FieldValueRequired");
        Event series = event();
        series.setSeries(Fixtures.read("{count: 1}", io.fabric8.kubernetes.api.model.events.v1.EventSeries.class));
        assertThat(summary(events.validate(series))).containsExactly("series.count FieldValueInvalid",
                "series.lastObservedTime FieldValueRequired");
        Event changed = event();
        changed.setNote("other");
        changed.setReason("Other");
        assertThat(summary(events.validateUpdate(changed, event())))
                .containsExactly("reason FieldValueInvalid", "message FieldValueInvalid");
    }

    @Test
    void leaseRules() {
        Lease ok = Fixtures.read("""
            metadata: {name: leader}
            spec: {holderIdentity: a, leaseDurationSeconds: 15, leaseTransitions: 0}
            """, Lease.class);
        assertThat(leases.validate(ok)).isEmpty();
        Lease bad = Fixtures.read("""
            metadata: {name: leader}
            spec: {leaseDurationSeconds: 0, leaseTransitions: -1, preferredHolder: b, strategy: Newest}
            """, Lease.class);
        assertThat(summary(leases.validate(bad))).containsExactly("spec.leaseDurationSeconds FieldValueInvalid",
                "spec.leaseTransitions FieldValueInvalid", "spec.strategy FieldValueNotSupported");
        Lease holder = Fixtures.read("metadata: {name: l}\nspec: {preferredHolder: b}\n", Lease.class);
        assertThat(summary(leases.validate(holder))).containsExactly("spec.preferredHolder FieldValueForbidden");
    }
}
