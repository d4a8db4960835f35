package io.kube4j.runtime.runc;

import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A test {@link ImageService} with no images: the runc runtime only hands it out. */
final class NoImages implements ImageService {

    @Override
    public ImageStatus pull(String reference, RegistryAuth auth) {
        throw new UnsupportedOperationException("no registry in this test");
    }

    @Override
    public Optional<ImageStatus> image(String referenceOrId) {
        return Optional.empty();
    }

    @Override
    public List<ImageStatus> list() {
        return List.of();
    }

    @Override
    public void remove(String referenceOrId) {}

    @Override
    public List<ImageStatus> importArchive(Path archive) {
        throw new UnsupportedOperationException("no archives in this test");
    }

    @Override
    public ImageFsUsage usage() {
        return new ImageFsUsage(0, 0, 0);
    }
}
