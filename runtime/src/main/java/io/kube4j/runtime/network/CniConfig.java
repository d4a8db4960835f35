package io.kube4j.runtime.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a node's pod network is wired with the standard CNI plugins: a Linux bridge with the node's
 * pod CIDR handed out by host-local, the bridge's address (the CIDR's first address) as the pods'
 * gateway, portmap for hostPorts, and loopback in every pod.
 *
 * @param networkName the CNI network's name (libcni's "name"; host-local keeps its leases under it)
 * @param bridgeName the host bridge (at most 15 characters, a Linux interface name)
 * @param podCidr the node's pod CIDR, e.g. "10.244.1.0/24" (IPv4 or IPv6)
 * @param mtu the pods' and the bridge's MTU; 0 leaves the plugin's default
 * @param pluginDir where the plugin binaries are (CNI_PATH), e.g. /usr/lib/cni
 * @param ipamDataDir host-local's data directory (its leases); its network directory is made under it
 * @param cacheDir where each ADD's result is kept for the DEL (as libcni's /var/lib/cni/results)
 * @param ipMasq masquerade traffic from pods to outside the pod CIDR
 * @param hairpin let a pod reach itself through a service or hostPort (the bridge's hairpin mode)
 */
public record CniConfig(
        String networkName,
        String bridgeName,
        String podCidr,
        int mtu,
        Path pluginDir,
        Path ipamDataDir,
        Path cacheDir,
        boolean ipMasq,
        boolean hairpin) {

    /** Debian's plugin directory. */
    public static final Path DEBIAN_PLUGIN_DIR = Path.of("/usr/lib/cni");

    public CniConfig {
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(pluginDir, "pluginDir");
        Objects.requireNonNull(ipamDataDir, "ipamDataDir");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (bridgeName == null || bridgeName.isEmpty() || bridgeName.length() > 15) {
            throw new IllegalArgumentException("bridge name must have 1 to 15 characters: " + bridgeName);
        }
        gatewayOf(podCidr); // validates the CIDR
        if (mtu < 0) {
            throw new IllegalArgumentException("mtu must not be negative: " + mtu);
        }
    }

    /**
     * A node's usual configuration: Debian's plugins, masquerade and hairpin on, state under
     * {@code stateDir} ("ipam" for leases, "results" for the ADD cache).
     */
    public static CniConfig of(String networkName, String bridgeName, String podCidr, Path stateDir) {
        return new CniConfig(networkName, bridgeName, podCidr, 0, DEBIAN_PLUGIN_DIR,
                stateDir.resolve("ipam"), stateDir.resolve("results"), true, true);
    }

    /** The pods' gateway: the CIDR's first address (the bridge's own address). */
    public String gateway() {
        return gatewayOf(podCidr);
    }

    /** The first host address of a CIDR ("10.244.1.0/24" gives "10.244.1.1"). */
    static String gatewayOf(String cidr) {
        if (cidr == null) {
            throw new IllegalArgumentException("pod CIDR missing");
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        byte[] address;
        int prefix;
        try {
            address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + cidr, e);
        }
        int bits = address.length * 8;
        if (prefix < 0 || prefix > bits - 2) {
            throw new IllegalArgumentException("CIDR too small for a gateway and a pod: " + cidr);
        }
        for (int bit = prefix; bit < bits; bit++) { // the network address: host bits cleared
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        address[address.length - 1] |= 1;
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
