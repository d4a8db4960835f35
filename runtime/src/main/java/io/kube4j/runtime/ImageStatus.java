package io.kube4j.runtime;

import java.util.List;

/**
 * An image on the node (CRI's Image).
 *
 * @param id "sha256:" + the digest of its config
 * @param repoTags normalised references that name it ("docker.io/library/busybox:latest")
 * @param repoDigests "repository@sha256:manifest-digest" for each repository it was pulled from
 * @param sizeBytes the unpacked size of its layers
 */
public record ImageStatus(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, ImageConfig config) {

    public ImageStatus {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }
}
