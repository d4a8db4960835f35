package io.kube4j.runtime.simulated;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.BitSet;

/**
 * Hands out the host addresses of an IPv4 pod CIDR as host-local does on a bridge network: the
 * network address, the gateway (first address) and the broadcast address are never given out;
 * the next search starts after the last address given, so a released address is reused only
 * once the range wraps.
 *
 * <p>Thread-safe (synchronized); a bit per address of the range.
 */
final class PodIpAllocator {

    private final int network;
    private final int size;
    private final BitSet used;
    private int last;

    PodIpAllocator(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        InetAddress address;
        int prefix;
        try {
            address = InetAddress.getByName(cidr.substring(0, slash));
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR: " + cidr, e);
        }
        if (!(address instanceof Inet4Address) || prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("the simulated runtime needs an IPv4 CIDR from /8 to /30: " + cidr);
        }
        byte[] b = address.getAddress();
        int value = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        int mask = (int) (0xffffffffL << (32 - prefix));
        this.network = value & mask;
        this.size = 1 << (32 - prefix);
        this.used = new BitSet(size);
        used.set(0); // network
        used.set(1); // gateway
        used.set(size - 1); // broadcast
        this.last = 1;
    }

    /** The next free address, or null when the range is exhausted. */
    synchronized String allocate() {
        int next = used.nextClearBit(last + 1);
        if (next >= size) {
            next = used.nextClearBit(0);
        }
        if (next >= size) {
            return null;
        }
        used.set(next);
        last = next;
        return format(network + next);
    }

    /** Gives an address back; addresses outside the range or already free are ignored. */
    synchronized void release(String ip) {
        int offset;
        try {
            byte[] b = InetAddress.getByName(ip).getAddress();
            if (b.length != 4) {
                return;
            }
            int value = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            offset = value - network;
        } catch (UnknownHostException e) {
            return;
        }
        if (offset > 1 && offset < size - 1) {
            used.clear(offset);
        }
    }

    private static String format(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
