package io.kube4j.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * An IPv4 cluster CIDR cut into equal node blocks, and which blocks are taken (upstream's
 * cidrset): {@link #allocateNext()} hands out the lowest free block after the last one handed
 * out, wrapping around, so a released block is not reused at once.
 *
 * <p>Not thread-safe: its owner serialises calls.
 */
final class CidrSet {

    private final int base;
    private final int clusterBits;
    private final int nodeBits;
    private final int blocks;
    private final BitSet used;
    private int next;

    /**
     * @param clusterCidr e.g. {@code 10.42.0.0/16}
     * @param nodeMaskSize the prefix length of a node's block, e.g. 24
     * @throws IllegalArgumentException on a malformed or IPv6 CIDR, or a mask not longer than the cluster's
     */
    CidrSet(String clusterCidr, int nodeMaskSize) {
        int slash = clusterCidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("cluster CIDR " + clusterCidr + " has no prefix length");
        }
        this.clusterBits = Integer.parseInt(clusterCidr.substring(slash + 1));
        this.base = parse(clusterCidr.substring(0, slash)) & mask(clusterBits);
        if (nodeMaskSize <= clusterBits || nodeMaskSize > 32) {
            throw new IllegalArgumentException("node CIDR mask size " + nodeMaskSize + " must be longer than the cluster CIDR's "
                    + clusterBits + " and at most 32");
        }
        if (nodeMaskSize - clusterBits > 24) {
            throw new IllegalArgumentException("cluster CIDR " + clusterCidr + " cut into /" + nodeMaskSize + " blocks makes too many blocks");
        }
        this.nodeBits = nodeMaskSize;
        this.blocks = 1 << (nodeMaskSize - clusterBits);
        this.used = new BitSet(blocks);
    }

    /** The next free block, or empty when every block is taken. */
    Optional<String> allocateNext() {
        int free = used.nextClearBit(next);
        if (free >= blocks) {
            free = used.nextClearBit(0);
            if (free >= blocks) {
                return Optional.empty();
            }
        }
        used.set(free);
        next = (free + 1) % blocks;
        return Optional.of(format(free));
    }

    /** Marks {@code cidr} taken (a node already has it); false if it is not one of this set's blocks. */
    boolean occupy(String cidr) {
        int index = indexOf(cidr);
        if (index < 0) {
            return false;
        }
        used.set(index);
        return true;
    }

    /** Frees {@code cidr}; a CIDR outside the set is ignored. */
    void release(String cidr) {
        int index = indexOf(cidr);
        if (index >= 0) {
            used.clear(index);
        }
    }

    int free() {
        return blocks - used.cardinality();
    }

    private int indexOf(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return -1;
        }
        int address;
        int bits;
        try {
            address = parse(cidr.substring(0, slash));
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (bits != nodeBits || (address & mask(clusterBits)) != base || (address & ~mask(nodeBits)) != 0) {
            return -1;
        }
        return (address - base) >>> (32 - nodeBits);
    }

    private String format(int index) {
        int address = base + (index << (32 - nodeBits));
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff)
                + "/" + nodeBits;
    }

    private static int mask(int bits) {
        return bits == 0 ? 0 : -1 << (32 - bits);
    }

    private static int parse(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int address = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            address = (address << 8) | octet;
        }
        return address;
    }
}
