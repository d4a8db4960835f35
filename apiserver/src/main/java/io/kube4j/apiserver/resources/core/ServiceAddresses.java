package io.kube4j.apiserver.resources.core;

import io.kube4j.apiserver.errors.ApiException;
import io.kube4j.apiserver.errors.FieldError;
import io.kube4j.apiserver.rest.Allocations;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Service's cluster IP and node ports, as upstream's service REST storage allocates them: a
 * ClusterIP, NodePort or LoadBalancer Service without {@code spec.clusterIP} gets a free address
 * of the service range (headless {@code None} and ExternalName get none); NodePort and
 * LoadBalancer ports without {@code nodePort} get a free port of the node-port range, and an update
 * keeps the node port a port already had. Values the client chose must be in range and free.
 * Each held value is one store key, claimed with the Service ({@link Allocations}). Thread-safe.
 */
public final class ServiceAddresses implements Allocations {

    static final String IP_PREFIX = "/registry/kube4j/serviceips/";
    static final String PORT_PREFIX = "/registry/kube4j/servicenodeports/";

    private final ServiceIpRange ips;
    private final int firstNodePort;
    private final int lastNodePort;

    /**
     * @param ips       {@code --service-cluster-ip-range}
     * @param nodePorts {@code --service-node-port-range}, e.g. {@code 30000-32767}
     */
    public ServiceAddresses(ServiceIpRange ips, String nodePorts) {
        this.ips = ips;
        String[] bounds = nodePorts.split("-");
        this.firstNodePort = Integer.parseInt(bounds[0].trim());
        this.lastNodePort = Integer.parseInt(bounds[bounds.length - 1].trim());
        if (firstNodePort < 1 || lastNodePort > 65535 || firstNodePort > lastNodePort) {
            throw new IllegalArgumentException("invalid node port range: " + nodePorts);
        }
    }

    /** The claim key of a cluster IP. */
    public static String ipKey(String ip) {
        return IP_PREFIX + ip;
    }

    @Override
    public void assign(ObjectNode service, ObjectNode old) {
        JsonNode spec = service.path("spec");
        if (!(spec instanceof ObjectNode s)) {
            return;
        }
        String type = s.path("type").asString("ClusterIP");
        List<FieldError> errors = new ArrayList<>();
        if (!type.equals("ExternalName")) {
            String ip = s.path("clusterIP").asString("");
            if (ip.isEmpty()) {
                ip = ips.at(ThreadLocalRandom.current().nextLong(2, ips.lastOffset() + 1));
                s.put("clusterIP", ip);
                s.putArray("clusterIPs").add(ip);
            } else if (!ip.equals("None") && !ips.allocatable(ip) && !heldBy(old, ip)) {
                errors.add(FieldError.invalid("spec.clusterIPs", List.of(ip), "failed to allocate IP " + ip
                        + ": the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is "
                        + ips.cidr()));
            }
        }
        if ((type.equals("NodePort") || type.equals("LoadBalancer")) && s.get("ports") instanceof ArrayNode ports) {
            for (int i = 0; i < ports.size(); i++) {
                if (!(ports.get(i) instanceof ObjectNode port)) {
                    continue;
                }
                int nodePort = port.path("nodePort").asInt(0);
                if (nodePort == 0) {
                    int kept = previousNodePort(old, port);
                    port.put("nodePort", kept != 0 ? kept
                            : ThreadLocalRandom.current().nextInt(firstNodePort, lastNodePort + 1));
                } else if ((nodePort < firstNodePort || nodePort > lastNodePort) && !heldPort(old, nodePort)) {
                    errors.add(FieldError.invalid("spec.ports[" + i + "].nodePort", nodePort,
                            "provided port is not in the valid range. The range of valid ports is "
                                    + firstNodePort + "-" + lastNodePort));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException.Invalid("Service", "", service.path("metadata").path("name").asString(""), errors);
        }
    }

    @Override
    public Set<String> held(ObjectNode service) {
        Set<String> keys = new LinkedHashSet<>();
        if (service == null) {
            return keys;
        }
        JsonNode spec = service.path("spec");
        String ip = spec.path("clusterIP").asString("");
        if (!ip.isEmpty() && !ip.equals("None")) {
            keys.add(IP_PREFIX + ip);
        }
        for (JsonNode port : spec.path("ports")) {
            int nodePort = port.path("nodePort").asInt(0);
            if (nodePort != 0) {
                keys.add(PORT_PREFIX + nodePort);
            }
        }
        return keys;
    }

    @Override
    public ApiException taken(String key, ObjectNode service) {
        String name = service.path("metadata").path("name").asString("");
        if (key.startsWith(IP_PREFIX)) {
            String ip = key.substring(IP_PREFIX.length());
            return new ApiException.Invalid("Service", "", name, List.of(FieldError.invalid("spec.clusterIPs",
                    List.of(ip), "failed to allocate IP " + ip + ": provided IP is already allocated")));
        }
        int port = Integer.parseInt(key.substring(PORT_PREFIX.length()));
        JsonNode ports = service.path("spec").path("ports");
        int index = 0;
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).path("nodePort").asInt(0) == port) {
                index = i;
                break;
            }
        }
        return new ApiException.Invalid("Service", "", name, List.of(FieldError.invalid(
                "spec.ports[" + index + "].nodePort", port, "provided port is already allocated")));
    }

    private boolean heldBy(ObjectNode old, String ip) {
        return old != null && ip.equals(old.path("spec").path("clusterIP").asString(""));
    }

    private static boolean heldPort(ObjectNode old, int nodePort) {
        if (old == null) {
            return false;
        }
        for (JsonNode p : old.path("spec").path("ports")) {
            if (p.path("nodePort").asInt(0) == nodePort) {
                return true;
            }
        }
        return false;
    }

    /** The node port the same port (by name, else by port and protocol) had before the update. */
    private static int previousNodePort(ObjectNode old, ObjectNode port) {
        if (old == null) {
            return 0;
        }
        for (JsonNode p : old.path("spec").path("ports")) {
            boolean same = !port.path("name").asString("").isEmpty()
                    ? port.path("name").asString("").equals(p.path("name").asString(""))
                    : port.path("port").asInt(-1) == p.path("port").asInt(-2)
                            && port.path("protocol").asString("TCP").equals(p.path("protocol").asString("TCP"));
            if (same && p.path("nodePort").asInt(0) != 0) {
                return p.path("nodePort").asInt();
            }
        }
        return 0;
    }
}
