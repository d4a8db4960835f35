package io.kube4j.apiserver;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.json.KubeJson;
import io.kube4j.apiserver.rest.ResourceStore;
import io.kube4j.apiserver.rest.WriteOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code default/kubernetes} Service through which pods reach the API (upstream's control-plane
 * endpoint reconciler): a ClusterIP Service on the first address of the service range, port 443
 * ({@code https}) to the apiserver's secure port, and its Endpoints and EndpointSlice pointing at
 * the advertise address. Written at every start; an existing object is replaced only when it
 * differs (a new advertise address or port). Not thread-safe; called once, at start.
 */
final class KubernetesService {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesService.class);
    private static final String NAME = "kubernetes";
    private static final String NAMESPACE = "default";

    private KubernetesService() {
    }

    /**
     * @param clusterIp the Service's address (the range's first)
     * @param advertise the address clients reach the apiserver at
     * @param port      the apiserver's secure port
     */
    static void reconcile(ResourceStore services, ResourceStore endpoints, ResourceStore slices, String clusterIp,
            String advertise, int port) {
        ObjectNode svc = object("v1", "Service");
        ObjectNode labels = ((ObjectNode) svc.get("metadata")).putObject("labels");
        labels.put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", clusterIp).put("sessionAffinity", "None");
        spec.putArray("clusterIPs").add(clusterIp);
        spec.putArray("ports").addObject().put("name", "https").put("port", 443).put("protocol", "TCP")
                .put("targetPort", port);
        ensure(services, svc, "spec");

        ObjectNode ep = object("v1", "Endpoints");
        ((ObjectNode) ep.get("metadata")).putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = ep.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", advertise);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        ensure(endpoints, ep, "subsets");

        ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice");
        ((ObjectNode) slice.get("metadata")).putObject("labels").put("kubernetes.io/service-name", NAME);
        slice.put("addressType", advertise.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(advertise);
        endpoint.putObject("conditions").put("ready", true);
        slice.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        ensure(slices, slice, "endpoints", "ports");
    }

    /**
     * The address to advertise: {@code configured} when given, the bind address when it is a
     * specific one, else the host's first non-loopback IPv4 address (127.0.0.1 if it has none).
     */
    static String advertiseAddress(String configured, String bindAddress) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (bindAddress != null && !bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            return bindAddress;
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("could not list network interfaces: {}", e.getMessage());
        }
        return "127.0.0.1";
    }

    private static ObjectNode object(String apiVersion, String kind) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("apiVersion", apiVersion).put("kind", kind);
        o.putObject("metadata").put("name", NAME).put("namespace", NAMESPACE);
        return o;
    }

    /** Creates {@code wanted}, or replaces the named top-level fields of the existing object when they differ. */
    private static void ensure(ResourceStore store, ObjectNode wanted, String... fields) {
        try {
            store.create(NAMESPACE, wanted, WriteOptions.DEFAULT);
            return;
        } catch (ApiException.AlreadyExists exists) {
            // compare below
        }
        store.update(NAMESPACE, NAME, current -> {
            for (String f : fields) {
                if (f.equals("spec")) {
                    // Keep what the server filled in (ipFamilies, …); set what this Service is about.
                    ObjectNode spec = current.get("spec") instanceof ObjectNode s ? s : current.putObject("spec");
                    spec.setAll((ObjectNode) wanted.get("spec"));
                } else {
                    current.set(f, wanted.get(f).deepCopy());
                }
            }
            return current;
        }, null, false, WriteOptions.DEFAULT);
        LOG.debug("{} default/kubernetes is current", wanted.path("kind").asString());
    }
}
