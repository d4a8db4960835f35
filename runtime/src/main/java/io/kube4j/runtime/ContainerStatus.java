package io.kube4j.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * A container as the runtime knows it now (CRI's ContainerStatus).
 *
 * @param imageRef the reference it was created from
 * @param imageId the image's id (sha256 of its config)
 * @param logPath the absolute path of its log file
 */
public record ContainerStatus(
        String id,
        String sandboxId,
        String name,
        int attempt,
        String imageRef,
        String imageId,
        ContainerState state,
        Path logPath,
        Map<String, String> labels,
        Map<String, String> annotations) {

    public ContainerStatus {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
