package io.kube4j.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's images (CRI's ImageService). References are Docker-style ("busybox",
 * "127.0.0.1:5000/app:1.0", "registry/app@sha256:..."), normalised as upstream's
 * ("busybox" = "docker.io/library/busybox:latest").
 *
 * <p>Thread-safe; concurrent pulls of one image share one download.
 */
public interface ImageService {

    /**
     * Pulls an image (for this host's platform, from an index if the reference names one), verifying
     * every digest, and unpacks its layers.
     *
     * @throws RuntimeFailure IMAGE_PULL, IMAGE_NOT_FOUND, IMAGE_AUTH or INVALID_IMAGE_NAME, with a message naming the cause
     */
    ImageStatus pull(String reference, RegistryAuth auth);

    /** The image a reference or an image id names, if present. */
    Optional<ImageStatus> image(String referenceOrId);

    List<ImageStatus> list();

    /** Removes a tag; the image goes with its last tag. Unknown references are a no-op. */
    void remove(String referenceOrId);

    /**
     * Imports every image of an OCI image layout (a directory or a tar of one) or a docker-archive
     * tarball ({@code docker save}).
     */
    List<ImageStatus> importArchive(Path archive);

    /** Bytes used by images on the node's image filesystem, and that filesystem's capacity and free bytes. */
    ImageFsUsage usage();

    /** Image bytes used, and the capacity and available bytes of the filesystem holding them. */
    record ImageFsUsage(long usedBytes, long capacityBytes, long availableBytes) {}

    /**
     * Image garbage collection as the kubelet's: removes images no container uses, least recently
     * used first (then oldest), sparing those on the node for less than {@code minAge}, until at
     * least {@code bytesToFree} bytes were freed or no candidate is left. This default removes
     * nothing (a store without GC, such as a simulated one).
     *
     * @param inUseImageIds ids ("sha256:...") of the images of the node's containers; they count as used now
     */
    default GcResult removeUnused(Set<String> inUseImageIds, long bytesToFree, Duration minAge) {
        return new GcResult(List.of(), 0);
    }

    /** What {@link #removeUnused} removed and the bytes that freed. */
    record GcResult(List<String> removedImageIds, long freedBytes) {
        public GcResult {
            removedImageIds = List.copyOf(removedImageIds);
        }
    }
}
