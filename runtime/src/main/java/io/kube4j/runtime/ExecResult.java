package io.kube4j.runtime;

/** The end of a command run in a container: its exit code (-1 if it timed out) and what it wrote. */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean timedOut) {}
