package io.kube4j.controllers.endpoints;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kube4j.controllers.machinery.Pods;
import io.kube4j.controllers.machinery.Selectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the Endpoints and EndpointSlice controllers share about services and their pods (upstream's
 * endpointutil and endpointsliceutil): which services select a pod, whether a pod belongs in a
 * service's endpoints, its IPv4 address, the container port a service port targets, when a pod's
 * hostname is published, and whether a pod update can change endpoints. Stateless.
 */
final class ServicePods {

    private ServicePods() {
    }

    /**
     * Whether the service selects pods at all. A service without a selector has endpoints someone
     * else manages; the API cannot tell an absent selector from an empty one, both mean none here.
     */
    static boolean hasSelector(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null && !service.getSpec().getSelector().isEmpty()
                && !"ExternalName".equals(service.getSpec().getType());
    }

    static boolean selects(Service service, Pod pod) {
        return hasSelector(service) && Selectors.ofMap(service.getSpec().getSelector()).test(pod.getMetadata().getLabels());
    }

    /**
     * Upstream's ShouldPodBeInEndpoints: not terminal, has an IP, and (unless {@code includeTerminating})
     * not being deleted.
     */
    static boolean belongs(Pod pod, boolean includeTerminating) {
        if (Pods.terminal(pod)) {
            return false;
        }
        if (ipv4(pod) == null) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The pod's IPv4 address (from podIPs, else podIP), or null. Only the IPv4 family is served. */
    static String ipv4(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<String> ips = new ArrayList<>();
        if (pod.getStatus().getPodIPs() != null) {
            pod.getStatus().getPodIPs().stream().map(PodIP::getIp).filter(Objects::nonNull).forEach(ips::add);
        }
        if (ips.isEmpty() && pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty()) {
            ips.add(pod.getStatus().getPodIP());
        }
        return ips.stream().filter(ip -> ip.indexOf(':') < 0).findFirst().orElse(null);
    }

    /**
     * The pod's port for {@code servicePort} (upstream's FindPort): a numeric targetPort as is (the
     * service port when unset), a named one resolved against the pod's container ports of the same
     * protocol; empty when the pod has no such named port.
     */
    static OptionalInt targetPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getIntVal() == null && (target.getStrVal() == null || target.getStrVal().isEmpty()))) {
            return OptionalInt.of(servicePort.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = protocol(servicePort.getProtocol());
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (c.getPorts() == null) {
                    continue;
                }
                for (ContainerPort p : c.getPorts()) {
                    if (name.equals(p.getName()) && protocol.equals(protocol(p.getProtocol()))) {
                        return OptionalInt.of(p.getContainerPort());
                    }
                }
            }
        }
        // A number written as a string is a number (IntOrString from YAML "8080").
        if (name.chars().allMatch(Character::isDigit)) {
            return OptionalInt.of(Integer.parseInt(name));
        }
        return OptionalInt.empty();
    }

    static String protocol(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    /** Upstream's ShouldSetHostname: the pod names a hostname and its subdomain is this service. */
    static boolean publishesHostname(Pod pod, Service service) {
        return pod.getSpec() != null && pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
                && Objects.equals(pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace());
    }

    /** The service's headless marker: clusterIP None. */
    static boolean headless(Service service) {
        return "None".equals(service.getSpec().getClusterIP());
    }

    /**
     * The parts of a pod endpoints are made of (upstream's podEndpointsChanged compares the same):
     * two pods with equal projections give equal endpoints.
     */
    static Object endpointsView(Pod pod) {
        var spec = pod.getSpec();
        return List.of(Objects.toString(pod.getMetadata().getDeletionTimestamp(), ""), Pods.ready(pod), Pods.phase(pod),
                Objects.toString(ipv4(pod), ""), spec == null ? "" : Objects.toString(spec.getNodeName(), ""),
                spec == null ? "" : Objects.toString(spec.getHostname(), ""), spec == null ? "" : Objects.toString(spec.getSubdomain(), ""),
                spec == null || spec.getContainers() == null ? List.of() : spec.getContainers().stream()
                        .map(c -> Objects.toString(c.getPorts(), "")).toList());
    }

    static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }
}
