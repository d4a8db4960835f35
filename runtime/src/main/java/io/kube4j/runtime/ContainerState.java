package io.kube4j.runtime;

import java.time.Instant;

/** Where a container is in its life. */
public sealed interface ContainerState {

    Instant createdAt();

    /** Made, never started. */
    record Created(Instant createdAt) implements ContainerState {}

    /** Its process runs. */
    record Running(Instant createdAt, Instant startedAt, long pid) implements ContainerState {}

    /**
     * Its process ended.
     *
     * @param exitCode the exit code; 128 + signal for a process killed by a signal (137 for SIGKILL)
     * @param reason "OOMKilled" if the kernel's OOM killer ended it, "Completed" for exit code 0, else "Error"
     * @param message the termination message read from the container, or empty
     */
    record Exited(Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason, String message)
            implements ContainerState {}

    /** The runtime lost track of it (e.g. its monitor died without a recorded exit). */
    record Unknown(Instant createdAt, String message) implements ContainerState {}
}
