package io.kube4j.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a present image's unpacked layers are: what a runtime stacks (overlayfs lowerdirs) into a
 * container's root. Implemented by the image store; thread-safe.
 */
public interface ImageRootfs {

    /** The image a reference or id names, with its layer directories, bottom layer first. */
    Optional<UnpackedImage> unpacked(String referenceOrId);

    /**
     * An image ready to run.
     *
     * @param layers the unpacked layer directories, bottom first (whiteouts already turned into
     *     overlayfs's form: character devices 0/0 and opaque directories)
     */
    record UnpackedImage(String id, String reference, List<Path> layers, ImageConfig config) {
        public UnpackedImage {
            layers = List.copyOf(layers);
        }
    }
}
