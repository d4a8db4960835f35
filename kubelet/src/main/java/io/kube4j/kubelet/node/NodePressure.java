package io.kube4j.kubelet.node;

/**
 * Whether the node is under memory, disk or PID pressure now, as the eviction manager observes it
 * (the source of the MemoryPressure, DiskPressure and PIDPressure conditions).
 */
public record NodePressure(boolean memory, boolean disk, boolean pid) {

    /** No pressure of any kind (a node without an eviction manager). */
    public static final NodePressure NONE = new NodePressure(false, false, false);
}
