package io.kube4j.apiserver.resources.other;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.resources.apps.Checks;
import io.kube4j.apiserver.resources.apps.Selectors;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * discovery.k8s.io/v1 EndpointSlice, as upstream's {@code SetDefaults_EndpointPort} and
 * {@code ValidateEndpointSlice*}: addressType IPv4, IPv6 or FQDN (immutable); each endpoint with
 * 1 to 100 addresses of that type; unique, well-formed port names; ports default to TCP and an
 * empty name. Stateless; thread-safe.
 */
public final class EndpointSliceStrategy implements ResourceStrategy<EndpointSlice> {

    static final int MAX_ENDPOINTS = 1000;
    static final int MAX_ADDRESSES = 100;
    static final int MAX_PORTS = 20000;
    static final int MAX_TOPOLOGY_LABELS = 16;

    @Override
    public void applyDefaults(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return;
        }
        for (EndpointPort p : slice.getPorts()) {
            if (p.getName() == null) {
                p.setName("");
            }
            if (p.getProtocol() == null) {
                p.setProtocol("TCP");
            }
        }
    }

    @Override
    public List<FieldError> validate(EndpointSlice slice) {
        List<FieldError> errs = new ArrayList<>();
        String type = Checks.str(slice.getAddressType());
        if (type.isEmpty()) {
            errs.add(FieldError.required("addressType", ""));
        } else if (!List.of("FQDN", "IPv4", "IPv6").contains(type)) {
            errs.add(FieldError.notSupported("addressType", type, List.of("FQDN", "IPv4", "IPv6")));
        }
        endpoints(errs, slice.getEndpoints() == null ? List.of() : slice.getEndpoints(), type);
        ports(errs, slice.getPorts() == null ? List.of() : slice.getPorts());
        return errs;
    }

    private static void endpoints(List<FieldError> errs, List<Endpoint> endpoints, String type) {
        if (endpoints.size() > MAX_ENDPOINTS) {
            errs.add(FieldError.tooMany("endpoints", endpoints.size(), MAX_ENDPOINTS));
            return;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint e = endpoints.get(i);
            String path = "endpoints[" + i + "]";
            List<String> addresses = e.getAddresses() == null ? List.of() : e.getAddresses();
            if (addresses.isEmpty()) {
                errs.add(FieldError.required(path + ".addresses", "must contain at least 1 address"));
            } else if (addresses.size() > MAX_ADDRESSES) {
                errs.add(FieldError.tooMany(path + ".addresses", addresses.size(), MAX_ADDRESSES));
            }
            for (int j = 0; j < addresses.size(); j++) {
                Addresses.check(errs, type, Checks.str(addresses.get(j)), path + ".addresses[" + j + "]");
            }
            if (e.getNodeName() != null) {
                NameRules.isDns1123Subdomain(e.getNodeName())
                        .forEach(m -> errs.add(FieldError.invalid(path + ".nodeName", e.getNodeName(), m)));
            }
            if (e.getDeprecatedTopology() != null && e.getDeprecatedTopology().size() > MAX_TOPOLOGY_LABELS) {
                errs.add(FieldError.tooMany(path + ".deprecatedTopology", e.getDeprecatedTopology().size(),
                        MAX_TOPOLOGY_LABELS));
            }
            Selectors.validateLabels(errs, e.getDeprecatedTopology(), path + ".deprecatedTopology");
            if (e.getHostname() != null) {
                NameRules.isDns1123Label(e.getHostname())
                        .forEach(m -> errs.add(FieldError.invalid(path + ".hostname", e.getHostname(), m)));
            }
        }
    }

    private static void ports(List<FieldError> errs, List<EndpointPort> ports) {
        if (ports.size() > MAX_PORTS) {
            errs.add(FieldError.tooMany("ports", ports.size(), MAX_PORTS));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            EndpointPort p = ports.get(i);
            String path = "ports[" + i + "]";
            String name = Checks.str(p.getName());
            if (!name.isEmpty()) {
                NameRules.isDns1123Label(name).forEach(m -> errs.add(FieldError.invalid(path + ".name", name, m)));
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(path + ".name", name));
            }
            String protocol = p.getProtocol();
            if (protocol == null) {
                errs.add(FieldError.required(path + ".protocol", ""));
            } else if (!List.of("SCTP", "TCP", "UDP").contains(protocol)) {
                errs.add(FieldError.notSupported(path + ".protocol", protocol, List.of("SCTP", "TCP", "UDP")));
            }
            if (p.getAppProtocol() != null) {
                NameRules.isQualifiedName(p.getAppProtocol())
                        .forEach(m -> errs.add(FieldError.invalid(path + ".appProtocol", p.getAppProtocol(), m)));
            }
        }
    }

    @Override
    public List<FieldError> validateUpdate(EndpointSlice slice, EndpointSlice old) {
        List<FieldError> errs = validate(slice);
        Checks.immutable(errs, slice.getAddressType(), old.getAddressType(), "addressType");
        return errs;
    }
}
