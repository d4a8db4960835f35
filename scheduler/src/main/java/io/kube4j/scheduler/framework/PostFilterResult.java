package io.kube4j.scheduler.framework;

/**
 * What a PostFilter plugin returns after no node fit: a status, and the node nominated for the
 * pod when the plugin made room (preemption), or null.
 */
public record PostFilterResult(Status status, String nominatedNodeName) {
}
