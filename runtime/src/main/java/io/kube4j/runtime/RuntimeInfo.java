package io.kube4j.runtime;

/**
 * A runtime's name and version and whether it can run containers here; {@code reason} says why not
 * (e.g. "runc not found on PATH", "not running as root").
 */
public record RuntimeInfo(String name, String version, boolean ready, String reason) {}
