package io.kube4j.apiserver.resources.core;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 CIDR the Service cluster IPs come from ({@code --service-cluster-ip-range}).
 * Its network address is never handed out (nor, for IPv4, the broadcast address); the first
 * address after the network one is the {@code kubernetes} Service's. Immutable.
 *
 * @param cidr    as given, e.g. {@code 10.96.0.0/12}
 * @param network the network address as a number
 * @param size    how many addresses the prefix spans
 * @param bytes   4 for IPv4, 16 for IPv6
 */
public record ServiceIpRange(String cidr, BigInteger network, BigInteger size, int bytes) {

    /** kubeadm's default. */
    public static final String DEFAULT = "10.96.0.0/12";

    /** @throws IllegalArgumentException when {@code cidr} is not an IP prefix of at least 4 addresses */
    public static ServiceIpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        byte[] address = literal(cidr.substring(0, slash));
        int bits = address.length * 8;
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits - 2) {
            throw new IllegalArgumentException("prefix length out of range in " + cidr);
        }
        BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
        BigInteger network = new BigInteger(1, address).andNot(size.subtract(BigInteger.ONE));
        return new ServiceIpRange(cidr, network, size, address.length);
    }

    /** Whether {@code ip} is an address of this range that may be allocated. */
    public boolean allocatable(String ip) {
        byte[] a = literalOrNull(ip);
        if (a == null || a.length != bytes) {
            return false;
        }
        BigInteger offset = new BigInteger(1, a).subtract(network);
        return offset.signum() > 0 && offset.compareTo(BigInteger.valueOf(lastOffset())) <= 0;
    }

    /** The address at {@code offset} from the network address (1 = the {@code kubernetes} Service's). */
    public String at(long offset) {
        byte[] raw = network.add(BigInteger.valueOf(offset)).toByteArray();
        byte[] out = new byte[bytes];
        int n = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - n, out, bytes - n, n);
        try {
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The highest allocatable offset (IPv4 keeps its broadcast address out). */
    public long lastOffset() {
        BigInteger last = size.subtract(bytes == 4 ? BigInteger.TWO : BigInteger.ONE);
        return last.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
    }

    private static byte[] literal(String text) {
        byte[] a = literalOrNull(text);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return a;
    }

    /** Parses an IP literal without name lookups; null when {@code text} is not one. */
    private static byte[] literalOrNull(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F.:]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
