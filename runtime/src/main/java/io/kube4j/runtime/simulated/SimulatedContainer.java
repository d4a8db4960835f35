package io.kube4j.runtime.simulated;

import io.kube4j.runtime.ContainerConfig;
import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ContainerStatus;
import java.nio.file.Path;
import java.util.concurrent.ScheduledFuture;

/**
 * One simulated container: its config and its state, nothing else (no process, no thread, no file).
 * The state and the pending exit are guarded by the object's monitor.
 */
final class SimulatedContainer {

    final String id;
    final String sandboxId;
    final ContainerConfig config;
    final String imageId;
    final Path logPath;
    private ContainerState state;
    private ScheduledFuture<?> exit;

    SimulatedContainer(String id, String sandboxId, ContainerConfig config, String imageId, Path logPath, ContainerState state) {
        this.id = id;
        this.sandboxId = sandboxId;
        this.config = config;
        this.imageId = imageId;
        this.logPath = logPath;
        this.state = state;
    }

    synchronized ContainerState state() {
        return state;
    }

    synchronized void state(ContainerState state) {
        this.state = state;
    }

    /** Moves a running container to Exited (no-op otherwise); cancels a pending scheduled exit. */
    synchronized boolean exit(java.time.Instant at, int exitCode) {
        if (exit != null) {
            exit.cancel(false);
            exit = null;
        }
        if (!(state instanceof ContainerState.Running running)) {
            return false;
        }
        state = new ContainerState.Exited(running.createdAt(), running.startedAt(), at, exitCode,
                exitCode == 0 ? "Completed" : "Error", "");
        return true;
    }

    synchronized void scheduledExit(ScheduledFuture<?> future) {
        this.exit = future;
    }

    synchronized void cancelExit() {
        if (exit != null) {
            exit.cancel(false);
            exit = null;
        }
    }

    /** The value of an environment variable of the container's config, or null. */
    String env(String name) {
        String prefix = name + "=";
        String value = null;
        for (String entry : config.env()) { // the last one wins, as in a process's environment
            if (entry.startsWith(prefix)) {
                value = entry.substring(prefix.length());
            }
        }
        return value;
    }

    ContainerStatus status() {
        return new ContainerStatus(id, sandboxId, config.name(), config.attempt(), config.image(), imageId, state(), logPath,
                config.labels(), config.annotations());
    }
}
