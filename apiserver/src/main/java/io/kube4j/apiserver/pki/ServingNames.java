package io.kube4j.apiserver.pki;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names the serving certificate must cover: loopback, the in-cluster service names of the
 * {@code kubernetes} service, this host's name and addresses, and every {@code --tls-san}.
 * Stateless; thread-safe.
 */
public final class ServingNames {

    private static final Logger LOG = LoggerFactory.getLogger(ServingNames.class);

    /** What every serving certificate covers, whatever the host. */
    public static final List<String> FIXED = List.of(
            "localhost", "127.0.0.1", "::1",
            "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private ServingNames() {
    }

    /**
     * The fixed names, this host's names and addresses, and {@code extraSans}.
     *
     * @throws IllegalArgumentException when an extra SAN is neither a DNS name nor an IP address
     */
    public static SubjectNames required(List<String> extraSans) {
        List<String> all = new ArrayList<>(FIXED);
        all.addAll(hostNamesAndAddresses());
        return SubjectNames.of(all).plus(SubjectNames.of(extraSans));
    }

    /**
     * This host's name and the addresses of its interfaces that are up. Link-local addresses are
     * left out: they are only meaningful with a zone, which a certificate cannot carry.
     */
    static List<String> hostNamesAndAddresses() {
        List<String> found = new ArrayList<>();
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (SubjectNames.ipLiteral(host) == null && !host.isBlank()) {
                found.add(host);
            }
        } catch (UnknownHostException e) {
            LOG.warn("cannot resolve the local host name; the serving certificate will not cover it: {}", e.getMessage());
        }
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : nic.inetAddresses().toList()) {
                    if (!address.isLinkLocalAddress()) {
                        found.add(unscoped(address).getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces; the serving certificate covers only loopback: {}", e.getMessage());
        }
        return found;
    }

    private static InetAddress unscoped(InetAddress address) {
        if (address instanceof Inet6Address) {
            try {
                return InetAddress.getByAddress(address.getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }
}
