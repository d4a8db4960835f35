package io.kube4j.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Host ports in use on one node, by host IP, as upstream's HostPortInfo: an empty IP means
 * 0.0.0.0 (every address), an empty protocol means TCP. A wildcard-IP port conflicts with the same
 * protocol/port on any IP; a specific IP conflicts with itself and with the wildcard.
 *
 * <p>Not thread-safe; owned by its {@link NodeInfo}.
 */
public final class HostPortInfo {

    /** The wildcard host IP. */
    public static final String DEFAULT_IP = "0.0.0.0";

    /** One protocol/port pair. */
    public record ProtocolPort(String protocol, int port) {
    }

    private final Map<String, Set<ProtocolPort>> byIp = new HashMap<>();

    /** Records a used port; ports &lt;= 0 are ignored (not host ports). */
    public void add(String ip, String protocol, int port) {
        if (port <= 0) {
            return;
        }
        byIp.computeIfAbsent(ip(ip), k -> new HashSet<>()).add(new ProtocolPort(protocol(protocol), port));
    }

    /** Forgets a used port. */
    public void remove(String ip, String protocol, int port) {
        if (port <= 0) {
            return;
        }
        String key = ip(ip);
        Set<ProtocolPort> set = byIp.get(key);
        if (set != null) {
            set.remove(new ProtocolPort(protocol(protocol), port));
            if (set.isEmpty()) {
                byIp.remove(key);
            }
        }
    }

    /** Whether using {@code ip/protocol/port} would clash with a port in use. */
    public boolean conflicts(String ip, String protocol, int port) {
        if (port <= 0) {
            return false;
        }
        String key = ip(ip);
        ProtocolPort pp = new ProtocolPort(protocol(protocol), port);
        if (key.equals(DEFAULT_IP)) {
            return byIp.values().stream().anyMatch(s -> s.contains(pp));
        }
        return contains(key, pp) || contains(DEFAULT_IP, pp);
    }

    /** The number of distinct ip/protocol/port entries. */
    public int size() {
        return byIp.values().stream().mapToInt(Set::size).sum();
    }

    HostPortInfo copy() {
        HostPortInfo c = new HostPortInfo();
        byIp.forEach((k, v) -> c.byIp.put(k, new HashSet<>(v)));
        return c;
    }

    private boolean contains(String ip, ProtocolPort pp) {
        Set<ProtocolPort> s = byIp.get(ip);
        return s != null && s.contains(pp);
    }

    private static String ip(String ip) {
        return ip == null || ip.isEmpty() ? DEFAULT_IP : ip;
    }

    private static String protocol(String protocol) {
        return protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }
}
