package io.kube4j.kubelet.eviction;

/** One signal's observed value: what is available of a resource of this capacity (bytes, inodes or PIDs). */
public record Observation(long available, long capacity) {}
