package io.kube4j.kubelet.eviction;

/**
 * Bytes and inodes used under a directory, as upstream's {@code du} measures a volume or a
 * writable layer (here apparent file sizes: the JDK does not expose allocated blocks).
 */
public record DiskUsage(long bytes, long inodes) {

    public static final DiskUsage ZERO = new DiskUsage(0, 0);

    public DiskUsage plus(DiskUsage other) {
        return new DiskUsage(bytes + other.bytes, inodes + other.inodes);
    }

    /** The figure of the resource eviction ranks by: "ephemeral-storage" → bytes, "inodes" → inodes. */
    public long of(String resource) {
        return resource.equals("inodes") ? inodes : bytes;
    }
}
