package io.kube4j.runtime.image;

import io.kube4j.runtime.ImageConfig;
import io.kube4j.runtime.ImageRootfs;
import io.kube4j.runtime.ImageService;
import io.kube4j.runtime.ImageStatus;
import io.kube4j.runtime.RegistryAuth;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.RuntimeFailure.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's image store over one directory: content-addressed blobs, one unpacked directory per
 * layer (shared by every image that has it), and an index of references. Pulls from registries
 * ({@link RegistryClient}), imports archives ({@link ArchiveImporter}), serves unpacked layers to
 * the runtime ({@link ImageRootfs}) and frees space for the kubelet's image GC
 * ({@link #removeUnused}).
 *
 * <p>On disk: {@code blobs/sha256/HEX} (manifests, indexes, configs; compressed layers are dropped
 * once unpacked, like containerd's {@code discard_unpacked_layers}), {@code layers/DIFFID-HEX/fs}
 * (an unpacked layer, whiteouts in overlayfs form) with {@code layers/DIFFID-HEX/size},
 * {@code images.json} (the index) and {@code images.lock}, {@code tmp/}.
 *
 * <p>Several processes may open one directory at once (the node and {@code kube4j images import}):
 * each sees the others' changes at its next call. Thread-safe; concurrent pulls of one reference
 * share one download. Failures are {@link RuntimeFailure}s. The caller must not remove (or GC) an
 * image whose layers a container's overlay mount still uses: pass those images to
 * {@link #removeUnused} as in use. Needs root for whiteouts (mknod, trusted.* xattrs) and owners.
 */
public final class ImageStore implements ImageService, ImageRootfs, AutoCloseable {

    /** Where a node keeps its image store, under its data directory. */
    public static final String DIRECTORY_IN_DATA_DIR = "images";

    private static final Logger LOG = LoggerFactory.getLogger(ImageStore.class);
    private static final int COMMIT_ATTEMPTS = 3;

    private final Path root;
    private final ImageStoreOptions options;
    private final ContentStore content;
    private final ImageIndex index;
    private final RegistryClient registries;
    private final ImagePuller puller;
    private final ArchiveImporter importer;
    private final ConcurrentMap<String, CompletableFuture<ImageStatus>> pulls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ImageConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> lastUsed = new ConcurrentHashMap<>();

    /** Opens (creating if needed) the store in {@code root} with default options. */
    public ImageStore(Path root) {
        this(root, ImageStoreOptions.defaults());
    }

    public ImageStore(Path root, ImageStoreOptions options) {
        this.root = root;
        this.options = options;
        try {
            Files.createDirectories(root);
            this.content = new ContentStore(root);
            this.index = new ImageIndex(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the image store in " + root + ": " + e.getMessage(), e);
        }
        this.registries = new RegistryClient(options.insecureRegistries());
        this.puller = new ImagePuller(content, registries, options.platform(), options.maxConcurrentDownloads());
        this.importer = new ArchiveImporter(content, root.resolve("tmp"), options.platform());
    }

    public Path root() {
        return root;
    }

    /** Releases the registry connections; pulls under way finish first. The files stay. */
    @Override
    public void close() {
        registries.close();
    }

    @Override
    public ImageStatus pull(String reference, RegistryAuth auth) {
        ImageReference ref = parse(reference);
        String key = ref + "|" + (auth == null ? "" : auth.username());
        CompletableFuture<ImageStatus> mine = new CompletableFuture<>();
        CompletableFuture<ImageStatus> running = pulls.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            ImageStatus status = pullOnce(ref, auth);
            mine.complete(status);
            return status;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            pulls.remove(key, mine);
        }
    }

    private ImageStatus pullOnce(ImageReference ref, RegistryAuth auth) {
        for (int attempt = 1; ; attempt++) {
            ImagePuller.Pulled pulled = puller.pull(ref, auth);
            List<String> tags = ref.tagged() == null ? List.of() : List.of(ref.tagged());
            try {
                ImageStatus status = commit(pulled.configDigest(), pulled.config(), tags,
                        List.of(ref.withDigest(pulled.manifestDigest())), pulled.blobs());
                LOG.info("pulled image {} ({})", ref, status.id());
                return status;
            } catch (ContentGone e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw new RuntimeFailure(Reason.IMAGE_PULL, "failed to pull and unpack image \"" + ref + "\": "
                            + e.getMessage());
                }
                LOG.info("content of {} was removed while it was pulled; pulling again", ref);
            }
        }
    }

    @Override
    public List<ImageStatus> importArchive(Path archive) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<ImageStatus> out = new ArrayList<>();
                for (ArchiveImporter.Imported i : importer.importArchive(archive)) {
                    out.add(commit(i.configDigest(), i.config(), i.tags(), i.repoDigests(), i.blobs()));
                }
                LOG.info("imported {} image(s) from {}", out.size(), archive);
                return out;
            } catch (ContentGone e) {
                if (attempt >= COMMIT_ATTEMPTS) {
                    throw new RuntimeFailure(Reason.OTHER, "failed to import " + archive + ": " + e.getMessage());
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new RuntimeFailure(Reason.OTHER, "failed to import " + archive + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Imports every archive (file) and OCI layout (directory) in {@code directory}, as a node does at
     * start for air-gapped hosts; one that fails is logged and skipped.
     */
    public List<ImageStatus> importAll(Path directory) {
        List<ImageStatus> out = new ArrayList<>();
        try (var entries = Files.list(directory)) {
            for (Path p : entries.sorted().toList()) {
                try {
                    out.addAll(importArchive(p));
                } catch (RuntimeFailure e) {
                    LOG.warn("image archive {} not imported: {}", p, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "cannot list images to import in " + directory + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Content removed by another store's GC between unpacking and recording. */
    private static final class ContentGone extends RuntimeException {
        ContentGone(String message) {
            super(message, null, false, false);
        }
    }

    /** Records an image whose content is present, moving its tags from any other image. */
    private ImageStatus commit(String configDigest, ConfigBlob config, List<String> tags, List<String> repoDigests,
            List<String> blobs) {
        configs.put(configDigest, config.config());
        try {
            ImageRecord record = index.update(records -> {
                for (String diffId : config.diffIds()) {
                    if (!content.hasLayer(diffId)) {
                        throw new ContentGone("layer " + diffId + " vanished before the image was recorded");
                    }
                }
                if (!content.hasBlob(configDigest)) {
                    throw new ContentGone("config " + configDigest + " vanished before the image was recorded");
                }
                for (Map.Entry<String, ImageRecord> e : records.entrySet()) {
                    ImageRecord other = e.getValue();
                    if (!other.id().equals(configDigest)) {
                        for (String tag : tags) {
                            other = other.withoutTag(tag);
                        }
                        e.setValue(other);
                    }
                }
                long size = config.diffIds().stream().mapToLong(content::layerSize).sum();
                ImageRecord existing = records.get(configDigest);
                ImageRecord updated = existing != null ? existing.plus(tags, repoDigests, blobs)
                        : new ImageRecord(configDigest, tags, repoDigests, config.diffIds(), blobs, size,
                                options.clock().millis());
                records.put(configDigest, updated);
                return updated;
            });
            lastUsed.merge(record.id(), options.clock().millis(), Math::max);
            return status(record);
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "cannot record image " + configDigest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImageStatus> image(String referenceOrId) {
        return find(referenceOrId).map(this::status);
    }

    @Override
    public List<ImageStatus> list() {
        return snapshot().byId().values().stream()
                .sorted(Comparator.comparingLong(ImageRecord::createdMillis).thenComparing(ImageRecord::id))
                .map(this::status).toList();
    }

    @Override
    public void remove(String referenceOrId) {
        Optional<ImageRecord> found = find(referenceOrId);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().id();
        String tag = tagOf(referenceOrId);
        try {
            index.update(records -> {
                ImageRecord r = records.get(id);
                if (r == null) {
                    return null;
                }
                if (tag != null && r.repoTags().contains(tag) && r.repoTags().size() > 1) {
                    records.put(id, r.withoutTag(tag)); // other tags keep the image
                    return null;
                }
                records.remove(id);
                deleteContent(List.of(r), records);
                return null;
            });
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "cannot remove image " + referenceOrId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ImageFsUsage usage() {
        try {
            FileStore fs = Files.getFileStore(root);
            return new ImageFsUsage(content.usedBytes(), fs.getTotalSpace(), fs.getUsableSpace());
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "cannot measure the image store in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<UnpackedImage> unpacked(String referenceOrId) {
        Optional<ImageRecord> found = find(referenceOrId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ImageRecord r = found.get();
        List<Path> layers = r.layers().stream().map(content::layerDir).toList();
        if (!r.layers().stream().allMatch(content::hasLayer)) {
            return Optional.empty(); // removed by another process between the lookup and now
        }
        lastUsed.put(r.id(), options.clock().millis());
        String reference = r.repoTags().isEmpty() ? (r.repoDigests().isEmpty() ? r.id() : r.repoDigests().getFirst())
                : r.repoTags().getFirst();
        return Optional.of(new UnpackedImage(r.id(), reference, layers, config(r.id())));
    }

    /** {@inheritDoc} The ordering's "last used" is this process's memory of pulls and {@link #unpacked} calls. */
    @Override
    public GcResult removeUnused(Set<String> inUseImageIds, long bytesToFree, Duration minAge) {
        long now = options.clock().millis();
        for (String id : inUseImageIds) {
            lastUsed.put(id, now);
        }
        try {
            return index.update(records -> {
                List<ImageRecord> candidates = records.values().stream()
                        .filter(r -> !inUseImageIds.contains(r.id()))
                        .filter(r -> now - r.createdMillis() >= minAge.toMillis())
                        .sorted(Comparator.<ImageRecord>comparingLong(r -> lastUsed.getOrDefault(r.id(), r.createdMillis()))
                                .thenComparingLong(ImageRecord::createdMillis))
                        .toList();
                List<String> removed = new ArrayList<>();
                long freed = 0;
                for (ImageRecord r : candidates) {
                    if (freed >= bytesToFree) {
                        break;
                    }
                    records.remove(r.id());
                    freed += deleteContent(List.of(r), records);
                    removed.add(r.id());
                    lastUsed.remove(r.id());
                }
                LOG.info("image GC removed {} image(s), {} bytes", removed.size(), freed);
                return new GcResult(removed, freed);
            });
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "image garbage collection failed: " + e.getMessage(), e);
        }
    }

    /** {@link #removeUnused(Set, long, Duration)} without a minimum age. */
    public GcResult removeUnused(Set<String> inUseImageIds, long bytesToFree) {
        return removeUnused(inUseImageIds, bytesToFree, Duration.ZERO);
    }

    /** Forgets removed images and deletes the content no remaining image holds; answers the bytes freed. */
    private long deleteContent(List<ImageRecord> removed, Map<String, ImageRecord> remaining) {
        removed.forEach(r -> configs.remove(r.id()));
        return content.deleteUnreferenced(removed, remaining.values());
    }

    private Optional<ImageRecord> find(String referenceOrId) {
        return Optional.ofNullable(snapshot().find(referenceOrId));
    }

    private static String tagOf(String referenceOrId) {
        try {
            ImageReference ref = ImageReference.parse(referenceOrId);
            return ref.digest() == null ? ref.tagged() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private ImageIndex.Snapshot snapshot() {
        try {
            return index.current();
        } catch (IOException e) {
            throw new RuntimeFailure(Reason.OTHER, "cannot read the image index in " + root + ": " + e.getMessage(), e);
        }
    }

    private ImageStatus status(ImageRecord r) {
        return new ImageStatus(r.id(), r.repoTags(), r.repoDigests(), r.sizeBytes(), config(r.id()));
    }

    private ImageConfig config(String id) {
        return configs.computeIfAbsent(id, k -> {
            try {
                return ConfigBlob.parse(content.readBlob(k)).config();
            } catch (IOException | IllegalArgumentException e) {
                throw new RuntimeFailure(Reason.OTHER, "cannot read the config of image " + k + ": " + e.getMessage(), e);
            }
        });
    }

    private static ImageReference parse(String reference) {
        try {
            return ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure(Reason.INVALID_IMAGE_NAME, "failed to pull image \"" + reference + "\": "
                    + e.getMessage(), e);
        }
    }

    private static ImageStatus join(CompletableFuture<ImageStatus> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
