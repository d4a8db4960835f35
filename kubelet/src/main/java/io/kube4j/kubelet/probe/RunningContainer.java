package io.kube4j.kubelet.probe;

import java.time.Instant;

/** A running container instance, as probes see it. */
public record RunningContainer(String id, Instant startedAt) {}
