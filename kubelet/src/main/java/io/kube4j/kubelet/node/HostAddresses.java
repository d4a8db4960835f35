package io.kube4j.kubelet.node;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The host's default node IP and host name. Stateless. */
public final class HostAddresses {

    private HostAddresses() {}

    /**
     * The first IPv4 address of the lowest-numbered interface that is up and not a loopback
     * (the primary interface on a typical host); empty if there is none.
     */
    public static Optional<String> firstNonLoopbackIpv4() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(HostAddresses::upAndNotLoopback)
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    /** The kernel's host name, lowercased as upstream's node name and hostname label are. */
    public static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            } catch (IOException again) {
                return "localhost";
            }
        }
    }

    private static boolean upAndNotLoopback(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
