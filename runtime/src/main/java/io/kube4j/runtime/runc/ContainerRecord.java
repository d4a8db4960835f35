package io.kube4j.runtime.runc;

import io.kube4j.runtime.ContainerConfig;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container's identity and origin as stored in its directory (container.json), written once
 * at creation; what happens to it later is in files beside it (started, conmon's exit and oom files).
 *
 * @param stopSignal the image's STOPSIGNAL, or SIGTERM
 * @param cgroupPath the container's cgroup (runc's cgroupsPath)
 * @param logPath the absolute path of its CRI log
 */
record ContainerRecord(
        String id,
        String sandboxId,
        ContainerConfig config,
        String imageId,
        String imageRef,
        String stopSignal,
        Instant createdAt,
        String cgroupPath,
        Path logPath) {}
