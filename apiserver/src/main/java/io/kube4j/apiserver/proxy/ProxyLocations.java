package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where {@code nodes/NAME/proxy}, {@code pods/NAME/proxy} and {@code services/NAME/proxy} send
 * their requests: upstream's {@code ResourceLocation} functions of the node, pod and service
 * registries. Errors as upstream: a malformed name 400, an unknown object 404, a pod without a
 * usable IP 400 ("address not allowed"), a service port number the service lacks 503, a service
 * without a ready endpoint for the port 503 ("no endpoints available for service"). Thread-safe
 * when its {@link RandomGenerator} is.
 */
public final class ProxyLocations {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyLocations.class);

    private final ProxyObjects objects;
    private final RandomGenerator random;

    public ProxyLocations(ProxyObjects objects, RandomGenerator random) {
        this.objects = objects;
        this.random = random;
    }

    /**
     * A node: its kubelet (https, the kubelet port, the client certificate) when no port or the
     * kubelet's port is asked for; otherwise that port on the node's address with the given scheme
     * (http by default) and the plain proxy client.
     */
    public ProxyTarget node(String id) {
        ProxyId parsed = ProxyId.parse(id, "node");
        ObjectNode node = objects.node(parsed.name());
        URI kubelet = KubeletAddress.base(node);
        String host = kubelet.getHost();
        ProxyableAddress.requireHost(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        String kubeletPort = Integer.toString(kubelet.getPort());
        if (parsed.port().isEmpty() || parsed.port().equals(kubeletPort)) {
            return new ProxyTarget(kubelet, true);
        }
        return ProxyTarget.of(parsed.schemeOrHttp(), host, numericPort(parsed.port(), id, "node"), false);
    }

    /**
     * A pod: its first IP and the given port (a number, or the name of one of its containers'
     * ports), else the first port its first container with ports declares, else the scheme's
     * default port.
     */
    public ProxyTarget pod(String namespace, String id) {
        ProxyId parsed = ProxyId.parse(id, "pod");
        ObjectNode pod = objects.pod(namespace, parsed.name());
        String port = parsed.port();
        if (port.isEmpty()) {
            port = firstContainerPort(pod);
        } else if (!isNumber(port)) {
            port = namedContainerPort(pod, port);
        }
        String ip = podIp(pod);
        if (!ProxyableAddress.allowed(ip)) {
            throw new ApiException.BadRequest("address not allowed");
        }
        return ProxyTarget.of(parsed.schemeOrHttp(), ip, port, false);
    }

    /**
     * A service: one ready endpoint of its EndpointSlices serving the asked port (by name; a port
     * number is first turned into the name of the service port with that number), picked at random
     * as upstream does, and only if the endpoint's target pod still has that IP (upstream's
     * isValidAddress: endpoints without a pod target are skipped).
     */
    public ProxyTarget service(String namespace, String id) {
        ProxyId parsed = ProxyId.parse(id, "service");
        ObjectNode service = objects.service(namespace, parsed.name());
        String portName = parsed.port();
        if (isNumber(portName)) {
            int number = Integer.parseInt(portName);
            portName = null;
            for (JsonNode p : service.path("spec").path("ports")) {
                if (p.path("port").asInt(-1) == number) {
                    portName = p.path("name").asString("");
                    break;
                }
            }
            if (portName == null) {
                throw new ApiException.ServiceUnavailable("no service port " + number + " found for service \""
                        + parsed.name() + "\"");
            }
        }
        List<ObjectNode> slices = objects.endpointSlices(namespace, parsed.name());
        if (slices.isEmpty()) {
            throw new ApiException.ServiceUnavailable("no endpoints available for service \"" + parsed.name() + "\"");
        }
        int sliceSeed = random.nextInt(slices.size());
        for (int s = 0; s < slices.size(); s++) {
            ObjectNode slice = slices.get((sliceSeed + s) % slices.size());
            List<JsonNode> ready = readyEndpoints(slice);
            if (ready.isEmpty()) {
                continue;
            }
            for (JsonNode p : slice.path("ports")) {
                if (!p.path("name").asString("").equals(portName) || p.path("port").asInt(0) <= 0) {
                    continue;
                }
                int seed = random.nextInt(ready.size());
                for (int t = 0; t < ready.size(); t++) {
                    JsonNode endpoint = ready.get((seed + t) % ready.size());
                    String ip = endpoint.path("addresses").path(0).asString("");
                    if (validAddress(namespace, endpoint, ip)) {
                        return ProxyTarget.of(parsed.schemeOrHttp(), ip, Integer.toString(p.path("port").asInt()),
                                false);
                    }
                }
                LOG.debug("no valid address in an EndpointSlice of service {}/{}", namespace, parsed.name());
            }
        }
        throw new ApiException.ServiceUnavailable("no endpoints available for service \"" + id + "\"");
    }

    /** Endpoints whose {@code ready} condition is not false (unset means ready), with an address. */
    private static List<JsonNode> readyEndpoints(ObjectNode slice) {
        String type = slice.path("addressType").asString("");
        if (!type.equals("IPv4") && !type.equals("IPv6")) {
            return List.of();
        }
        List<JsonNode> ready = new ArrayList<>();
        for (JsonNode e : slice.path("endpoints")) {
            JsonNode condition = e.path("conditions").path("ready");
            boolean isReady = condition.isMissingNode() || condition.isNull() || condition.asBoolean(false);
            if (isReady && !e.path("addresses").path(0).asString("").isEmpty()) {
                ready.add(e);
            }
        }
        return ready;
    }

    /** Upstream's isValidAddress: a Pod target in this namespace that has this IP. */
    private boolean validAddress(String namespace, JsonNode endpoint, String ip) {
        JsonNode ref = endpoint.path("targetRef");
        if (!ref.isObject() || !ref.path("kind").asString("Pod").equals("Pod")) {
            LOG.debug("endpoint {} has no pod target; skipped", ip);
            return false;
        }
        if (!namespace.equals(ref.path("namespace").asString(""))) {
            LOG.debug("endpoint {} targets a pod in another namespace; skipped", ip);
            return false;
        }
        ObjectNode pod;
        try {
            pod = objects.pod(namespace, ref.path("name").asString(""));
        } catch (ApiException.NotFound e) {
            LOG.debug("endpoint {} targets a missing pod; skipped", ip);
            return false;
        }
        for (JsonNode podIp : pod.path("status").path("podIPs")) {
            if (ip.equals(podIp.path("ip").asString(""))) {
                return true;
            }
        }
        LOG.debug("endpoint {} no longer matches its pod's IPs; skipped", ip);
        return false;
    }

    /** The pod's primary IP: {@code status.podIPs[0]}, else {@code status.podIP}; "" when none. */
    static String podIp(ObjectNode pod) {
        String ip = pod.path("status").path("podIPs").path(0).path("ip").asString("");
        return ip.isEmpty() ? pod.path("status").path("podIP").asString("") : ip;
    }

    private static String firstContainerPort(ObjectNode pod) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            JsonNode ports = c.path("ports");
            if (ports.size() > 0) {
                return Integer.toString(ports.get(0).path("containerPort").asInt());
            }
        }
        return "";
    }

    /** An extension of upstream (which dials the name as is): a container port's name becomes its number. */
    private static String namedContainerPort(ObjectNode pod, String name) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (name.equals(p.path("name").asString(""))) {
                    return Integer.toString(p.path("containerPort").asInt());
                }
            }
        }
        throw new ApiException.BadRequest("pod " + pod.path("metadata").path("name").asString("")
                + " has no container port named \"" + name + "\"");
    }

    private static String numericPort(String port, String id, String kind) {
        if (!isNumber(port) || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new ApiException.BadRequest("invalid " + kind + " request \"" + id + "\"");
        }
        return port;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
