package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/**
 * Where a node's kubelet listens, from its Node object: the first {@code InternalIP} of
 * {@code status.addresses}, else the first {@code Hostname}, else any address; the port from
 * {@code status.daemonEndpoints.kubeletEndpoint.Port} (10250 when unset). Stateless.
 */
public final class KubeletAddress {

    public static final int DEFAULT_PORT = 10250;

    private KubeletAddress() {}

    /**
     * {@code https://HOST:PORT} of the node's kubelet.
     *
     * @throws ApiException.BadRequest when the node reports no address
     */
    public static URI base(JsonNode node) {
        JsonNode addresses = node.path("status").path("addresses");
        String host = first(addresses, "InternalIP");
        if (host == null) {
            host = first(addresses, "Hostname");
        }
        if (host == null && addresses.size() > 0) {
            host = addresses.get(0).path("address").asString("");
        }
        String name = node.path("metadata").path("name").asString("");
        if (host == null || host.isEmpty()) {
            throw new ApiException.BadRequest("node " + name + " has no address in its status");
        }
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        if (port <= 0) {
            port = DEFAULT_PORT;
        }
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("https://" + authority + ":" + port);
    }

    private static String first(JsonNode addresses, String type) {
        for (JsonNode a : addresses) {
            if (type.equals(a.path("type").asString("")) && !a.path("address").asString("").isEmpty()) {
                return a.path("address").asString("");
            }
        }
        return null;
    }
}
