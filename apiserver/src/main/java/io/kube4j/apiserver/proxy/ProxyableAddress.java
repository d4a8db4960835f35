package io.kube4j.apiserver.proxy;

import io.kube4j.apiserver.errors.ApiException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses the proxy subresources may dial, after upstream's {@code IsProxyableIP}: never
 * the unspecified address, link-local or multicast addresses or the IPv4 broadcast address.
 * Unlike upstream, loopback addresses are allowed: kube4j runs single-host clusters whose kubelets
 * and test backends listen on loopback. Stateless.
 */
public final class ProxyableAddress {

    private ProxyableAddress() {}

    /** Whether {@code ip} (an IP literal) may be proxied to; false for anything that is not an IP literal. */
    public static boolean allowed(String ip) {
        InetAddress address = literal(ip);
        return address != null && allowed(address);
    }

    /**
     * Refuses a host (an IP literal or a name, resolved) with any address that may not be proxied to.
     *
     * @throws ApiException.BadRequest "address not allowed", or the resolution failure
     */
    public static void requireHost(String host) {
        InetAddress literal = literal(host);
        InetAddress[] addresses;
        if (literal != null) {
            addresses = new InetAddress[] {literal};
        } else {
            try {
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new ApiException.BadRequest("lookup " + host + ": no such host");
            }
        }
        for (InetAddress a : addresses) {
            if (!allowed(a)) {
                throw new ApiException.BadRequest("address not allowed");
            }
        }
    }

    private static boolean allowed(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        return !(a instanceof Inet4Address v4 && v4.getHostAddress().equals("255.255.255.255"));
    }

    private static InetAddress literal(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        String bare = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        try {
            return InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
