package io.kube4j.apiserver.resources.core;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.registry.ResourceStrategy;
import io.kube4j.apiserver.validation.FieldChecks;
import io.kube4j.apiserver.validation.IpAddresses;
import io.kube4j.apiserver.validation.NameRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoints, as upstream's {@code ValidateEndpoints}: each address a valid IP (hostname a DNS
 * label, nodeName a subdomain), each port valid with a protocol, port names required when a
 * subset has more than one and DNS labels; ports default to TCP. Stateless, thread-safe.
 */
public final class EndpointsStrategy implements ResourceStrategy<Endpoints> {

    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    @Override
    public void applyDefaults(Endpoints ep) {
        for (EndpointSubset s : list(ep.getSubsets())) {
            for (EndpointPort port : list(s.getPorts())) {
                if (port.getProtocol() == null || port.getProtocol().isEmpty()) {
                    port.setProtocol("TCP");
                }
            }
        }
    }

    @Override
    public List<FieldError> validate(Endpoints ep) {
        List<FieldError> errs = new ArrayList<>();
        List<EndpointSubset> subsets = list(ep.getSubsets());
        for (int i = 0; i < subsets.size(); i++) {
            EndpointSubset s = subsets.get(i);
            String p = "subsets[" + i + "]";
            addresses(errs, s.getAddresses(), p + ".addresses");
            addresses(errs, s.getNotReadyAddresses(), p + ".notReadyAddresses");
            List<EndpointPort> ports = list(s.getPorts());
            for (int j = 0; j < ports.size(); j++) {
                EndpointPort port = ports.get(j);
                String pp = p + ".ports[" + j + "]";
                String name = port.getName() == null ? "" : port.getName();
                if (ports.size() > 1 && name.isEmpty()) {
                    errs.add(FieldError.required(pp + ".name", ""));
                } else if (!name.isEmpty()) {
                    FieldChecks.each(errs, pp + ".name", name, NameRules::isDns1123Label);
                }
                int n = port.getPort() == null ? 0 : port.getPort();
                for (String msg : NameRules.isValidPortNum(n)) {
                    errs.add(FieldError.invalid(pp + ".port", n, msg));
                }
                FieldChecks.oneOf(errs, pp + ".protocol", port.getProtocol(), PROTOCOLS);
            }
        }
        return errs;
    }

    private static void addresses(List<FieldError> errs, List<EndpointAddress> addresses, String p) {
        List<EndpointAddress> all = list(addresses);
        for (int i = 0; i < all.size(); i++) {
            EndpointAddress a = all.get(i);
            String ap = p + "[" + i + "]";
            String ip = a.getIp() == null ? "" : a.getIp();
            if (IpAddresses.parse(ip) == null) {
                errs.add(FieldError.invalid(ap + ".ip", ip, IpAddresses.INVALID_IP));
            }
            if (a.getHostname() != null && !a.getHostname().isEmpty()) {
                FieldChecks.each(errs, ap + ".hostname", a.getHostname(), NameRules::isDns1123Label);
            }
            if (a.getNodeName() != null && !a.getNodeName().isEmpty()) {
                FieldChecks.each(errs, ap + ".nodeName", a.getNodeName(), NameRules::isDns1123Subdomain);
            }
        }
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
