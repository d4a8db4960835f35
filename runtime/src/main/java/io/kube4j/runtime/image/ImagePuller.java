package io.kube4j.runtime.image;

import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeFailure.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one image from a registry into the content store: resolves the reference (an index is
 * narrowed to this host's platform), fetches the config, downloads the layers it lacks
 * concurrently (at most {@code maxConcurrentDownloads} at once, each on a virtual thread) and
 * unpacks each, verifying every digest on the way. Compressed layer blobs are dropped once unpacked
 * (as containerd's {@code discard_unpacked_layers}); manifests, indexes and configs are kept.
 *
 * <p>Thread-safe and stateless between pulls; the store dedupes concurrent pulls of one reference.
 */
final class ImagePuller {

    private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

    /** What a pull brought: the image's config, its blobs, and the digest its repository knows it by. */
    record Pulled(String configDigest, ConfigBlob config, String manifestDigest, List<String> blobs) {}

    private final ContentStore content;
    private final RegistryClient client;
    private final String platform;
    private final int maxConcurrentDownloads;

    ImagePuller(ContentStore content, RegistryClient client, String platform, int maxConcurrentDownloads) {
        this.content = content;
        this.client = client;
        this.platform = platform;
        this.maxConcurrentDownloads = maxConcurrentDownloads;
    }

    Pulled pull(ImageReference ref, RegistryAuth auth) {
        String failed = "failed to pull and unpack image \"" + ref + "\": ";
        RegistryClient.Session session = client.session(ref, auth);
        RegistryClient.Fetched top = session.manifest(ref.object(), true);
        List<String> blobs = new ArrayList<>();
        RegistryClient.Fetched chosen = top;
        try {
            if (MediaTypes.INDEXES.contains(top.mediaType())) {
                List<Descriptor> entries = Manifests.index(top.body());
                Descriptor entry = Manifests.select(entries, platform).orElseThrow(() -> new RuntimeFailure(
                        Reason.IMAGE_PULL, failed + "no match for platform " + platform + " in manifest "
                        + top.digest() + ": not found"));
                blobs.add(content.putBlob(top.body()));
                chosen = session.manifest(entry.digest(), false);
            }
            if (chosen.mediaType().equals(MediaTypes.DOCKER_SCHEMA1) || chosen.mediaType().equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "Docker image manifest schema 1 is not supported;"
                        + " push the image again with a current client");
            }
            if (!MediaTypes.MANIFESTS.contains(chosen.mediaType())) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "unsupported manifest media type "
                        + chosen.mediaType());
            }
            Manifests.Manifest manifest = Manifests.manifest(chosen.body(), chosen.mediaType());
            blobs.add(content.putBlob(chosen.body()));
            Descriptor configDescriptor = manifest.config();
            if (!content.hasBlob(configDescriptor.digest())) {
                Path temp = content.tempFile();
                try {
                    session.blob(configDescriptor, temp);
                    content.commitBlob(temp, configDescriptor.digest());
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            blobs.add(configDescriptor.digest());
            ConfigBlob config = ConfigBlob.parse(content.readBlob(configDescriptor.digest()));
            if (config.diffIds().size() != manifest.layers().size()) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "the manifest has " + manifest.layers().size()
                        + " layers but the image config " + config.diffIds().size() + " diffIDs");
            }
            fetchLayers(ref, session, manifest.layers(), config.diffIds());
            return new Pulled(configDescriptor.digest(), config, top.digest(), blobs);
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.IMAGE_PULL, failed + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "invalid image: " + e.getMessage(), e);
        }
    }

    /** Downloads and unpacks the layers not yet present; the first failure is thrown once all have ended. */
    void fetchLayers(ImageReference ref, RegistryClient.Session session, List<Descriptor> layers, List<String> diffIds)
            throws IOException {
        String failed = "failed to pull and unpack image \"" + ref + "\": ";
        Semaphore downloads = new Semaphore(maxConcurrentDownloads);
        List<Future<?>> tasks = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                String diffId = diffIds.get(i);
                if (content.hasLayer(diffId)) {
                    continue;
                }
                if (layer.mediaType().endsWith("+zstd")) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "layer " + layer.digest()
                            + " is zstd-compressed, which is not supported (only tar and tar+gzip)");
                }
                tasks.add(pool.submit(() -> {
                    fetchLayer(ref, session, layer, diffId, downloads);
                    return null;
                }));
            }
            RuntimeException first = null;
            for (Future<?> t : tasks) {
                try {
                    t.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeFailure rf ? rf
                                : new RuntimeFailure(Reason.IMAGE_PULL, failed + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeFailure(Reason.IMAGE_PULL, failed + "interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private void fetchLayer(ImageReference ref, RegistryClient.Session session, Descriptor layer, String diffId,
            Semaphore downloads) throws IOException, InterruptedException {
        Path temp = content.tempFile();
        try {
            downloads.acquire();
            try {
                long bytes = session.blob(layer, temp);
                LOG.debug("downloaded layer {} of {} ({} bytes)", layer.digest(), ref, bytes);
            } finally {
                downloads.release();
            }
            try {
                content.unpack(diffId, () -> Files.newInputStream(temp));
            } catch (IOException e) {
                throw new RuntimeFailure(Reason.IMAGE_PULL, "failed to pull and unpack image \"" + ref
                        + "\": failed to extract layer " + diffId + ": " + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
