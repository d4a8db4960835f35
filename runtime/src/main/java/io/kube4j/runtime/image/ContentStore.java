package io.kube4j.runtime.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image store's files: content-addressed blobs ({@code blobs/sha256/HEX}) and one unpacked
 * directory per layer ({@code layers/DIFFID-HEX/fs}, with its size beside it). Everything is
 * written under a temporary name and renamed into place, so a crash never leaves a half-written
 * blob or a half-unpacked layer where a reader looks; two processes sharing the directory may race
 * to write the same content and both succeed.
 *
 * <p>Thread-safe: concurrent unpacks of one layer in this process share one unpack.
 */
final class ContentStore {

    private static final Logger LOG = LoggerFactory.getLogger(ContentStore.class);

    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final Path blobs;
    private final Path layers;
    private final Path tmp;
    private final ConcurrentMap<String, CompletableFuture<Long>> unpacking = new ConcurrentHashMap<>();

    ContentStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        this.layers = Files.createDirectories(root.resolve("layers"));
        this.tmp = Files.createDirectories(root.resolve("tmp"));
        removeStaleTemporaries();
    }

    Path blobPath(String digest) {
        return blobs.resolve(Digests.hex(digest));
    }

    boolean hasBlob(String digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    byte[] readBlob(String digest) throws IOException {
        return Files.readAllBytes(blobPath(digest));
    }

    /** A fresh temporary file in the store's filesystem (so that it can be renamed into place). */
    Path tempFile() throws IOException {
        return Files.createTempFile(tmp, "blob-", ".part");
    }

    /** Moves a verified temporary file into place as blob {@code digest}. */
    void commitBlob(Path temp, String digest) throws IOException {
        Files.move(temp, blobPath(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes small content (a manifest, a config) as a blob; answers its digest. */
    String putBlob(byte[] content) throws IOException {
        String digest = Digests.of(content);
        if (!hasBlob(digest)) {
            Path temp = tempFile();
            Files.write(temp, content);
            commitBlob(temp, digest);
        }
        return digest;
    }

    void deleteBlob(String digest) throws IOException {
        Files.deleteIfExists(blobPath(digest));
    }

    /** The unpacked root of a layer; exists once {@link #hasLayer} is true. */
    Path layerDir(String diffId) {
        return layers.resolve(Digests.hex(diffId)).resolve("fs");
    }

    boolean hasLayer(String diffId) {
        return Files.isDirectory(layers.resolve(Digests.hex(diffId)));
    }

    long layerSize(String diffId) {
        try {
            return Long.parseLong(Files.readString(layers.resolve(Digests.hex(diffId)).resolve("size")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Unpacks a layer blob unless the layer is present, verifying that its uncompressed content is
     * {@code diffId}. Concurrent calls for one layer in this process share one unpack.
     *
     * @return the layer's unpacked size
     */
    long unpack(String diffId, BlobSource source) throws IOException {
        if (hasLayer(diffId)) {
            return layerSize(diffId);
        }
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = unpacking.putIfAbsent(diffId, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while another pull unpacked layer " + diffId, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
        try {
            long size = unpackOnce(diffId, source);
            mine.complete(size);
            return size;
        } catch (IOException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            unpacking.remove(diffId, mine);
        }
    }

    /** Opens a layer's (possibly compressed) bytes. */
    @FunctionalInterface
    interface BlobSource {
        InputStream open() throws IOException;
    }

    private long unpackOnce(String diffId, BlobSource source) throws IOException {
        if (hasLayer(diffId)) {
            return layerSize(diffId);
        }
        Path temp = layers.resolve(".tmp-" + UUID.randomUUID());
        Path fs = Files.createDirectories(temp.resolve("fs"));
        try {
            LayerUnpacker.Result result;
            try (InputStream in = source.open()) {
                result = LayerUnpacker.unpack(in, fs);
            }
            if (!result.diffId().equals(diffId)) {
                throw new LayerUnpacker.LayerException("layer content is " + result.diffId() + ", but the image config"
                        + " names " + diffId + ": unexpected diffID");
            }
            Files.writeString(temp.resolve("size"), Long.toString(result.sizeBytes()), StandardCharsets.US_ASCII);
            try {
                Files.move(temp, layers.resolve(Digests.hex(diffId)), StandardCopyOption.ATOMIC_MOVE);
            } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
                LayerUnpacker.deleteRecursively(temp); // another process unpacked it meanwhile
            } catch (FileSystemException e) {
                if (!hasLayer(diffId)) {
                    throw e;
                }
                LayerUnpacker.deleteRecursively(temp);
            }
            return result.sizeBytes();
        } catch (IOException | RuntimeException e) {
            LayerUnpacker.deleteRecursively(temp);
            throw e;
        }
    }

    /** Deletes a layer: renamed away first, so that no reader ever sees it half deleted. */
    void deleteLayer(String diffId) throws IOException {
        Path dir = layers.resolve(Digests.hex(diffId));
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = layers.resolve(".del-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        LayerUnpacker.deleteRecursively(doomed);
    }

    /**
     * Deletes the layers and blobs of {@code removed} images that none of {@code remaining} holds.
     * Called under the index lock, so that no image is recorded meanwhile on content deleted here.
     *
     * @return the bytes freed
     */
    long deleteUnreferenced(List<ImageRecord> removed, Collection<ImageRecord> remaining) {
        Set<String> keptLayers = new HashSet<>();
        Set<String> keptBlobs = new HashSet<>();
        for (ImageRecord r : remaining) {
            keptLayers.addAll(r.layers());
            keptBlobs.addAll(r.blobs());
        }
        long freed = 0;
        for (ImageRecord r : removed) {
            for (String layer : r.layers()) {
                if (keptLayers.add(layer)) {
                    try {
                        long size = layerSize(layer);
                        deleteLayer(layer);
                        freed += size;
                    } catch (IOException e) {
                        LOG.warn("cannot delete layer {}: {}", layer, e.getMessage());
                    }
                }
            }
            for (String blob : r.blobs()) {
                if (keptBlobs.add(blob)) {
                    try {
                        Path p = blobPath(blob);
                        long size = Files.exists(p) ? Files.size(p) : 0;
                        deleteBlob(blob);
                        freed += size;
                    } catch (IOException e) {
                        LOG.warn("cannot delete blob {}: {}", blob, e.getMessage());
                    }
                }
            }
        }
        return freed;
    }

    /** Bytes of blobs and unpacked layers (apparent file sizes). */
    long usedBytes() throws IOException {
        long total = 0;
        for (Path dir : new Path[] {blobs, layers}) {
            try (Stream<Path> files = Files.walk(dir)) {
                total += files.mapToLong(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                                java.nio.file.LinkOption.NOFOLLOW_LINKS);
                        return a.isRegularFile() ? a.size() : 0;
                    } catch (IOException e) {
                        return 0; // deleted while we walked
                    }
                }).sum();
            }
        }
        return total;
    }

    /** Deletes temporaries a crashed process left; young ones may belong to a live one. */
    private void removeStaleTemporaries() throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(STALE_TEMP));
        for (Path dir : new Path[] {layers, tmp}) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    boolean temporary = dir == tmp || name.startsWith(".tmp-") || name.startsWith(".del-");
                    try {
                        if (temporary && (name.startsWith(".del-") || Files.getLastModifiedTime(p).compareTo(cutoff) < 0)) {
                            LayerUnpacker.deleteRecursively(p);
                        }
                    } catch (IOException e) {
                        LOG.debug("temporary {} not removed (another process may own it): {}", p, e.getMessage());
                    }
                }
            }
        }
    }
}
