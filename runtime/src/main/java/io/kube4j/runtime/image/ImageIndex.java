package io.kube4j.runtime.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import tools.jackson.core.JacksonException;

/**
 * The store's index of images ({@code images.json}): which references name which image, and
 * what content each image holds. Shared by every process that opens the same directory (the node
 * and {@code kube4j images import}): changes are made under an exclusive lock on
 * {@code images.lock} (a {@link FileLock} between processes, a {@link ReentrantLock} inside this
 * one), starting from the file as it is on disk, and written to a temporary file renamed into
 * place. Readers re-read the file when its identity or modification time changed.
 *
 * <p>Thread-safe.
 */
final class ImageIndex {

    /** The index as read at one moment; immutable. */
    record Snapshot(Map<String, ImageRecord> byId) {
        Snapshot {
            byId = Map.copyOf(byId);
        }

        /**
         * The image an id ("sha256:HEX" or HEX), a reference by tag or a reference by digest
         * (a repo digest) names; null if none.
         */
        ImageRecord find(String referenceOrId) {
            if (referenceOrId == null || referenceOrId.isBlank()) {
                return null;
            }
            String s = referenceOrId.trim();
            String id = s.matches("[a-f0-9]{64}") ? "sha256:" + s : s;
            if (Digests.isSha256(id)) {
                return byId.get(id);
            }
            try {
                ImageReference ref = ImageReference.parse(s);
                return byReference(ref.digest() != null ? ref.withDigest(ref.digest()) : ref.tagged());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The image a normalised tag or repo digest names. */
        ImageRecord byReference(String reference) {
            for (ImageRecord r : byId.values()) {
                if (r.repoTags().contains(reference) || r.repoDigests().contains(reference)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** The file's form. */
    record IndexFile(int version, List<ImageRecord> images) {}

    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock jvmLock;
    private volatile Loaded loaded = new Loaded(null, new Snapshot(Map.of()));

    private record Loaded(Object stamp, Snapshot snapshot) {}

    ImageIndex(Path root) throws IOException {
        this.file = root.resolve("images.json");
        this.lockFile = root.resolve("images.lock");
        this.jvmLock = JVM_LOCKS.computeIfAbsent(root.toAbsolutePath().normalize(), k -> new ReentrantLock());
        refresh();
    }

    /** The index, re-read first if another process (or store) changed it. */
    Snapshot current() throws IOException {
        refresh();
        return loaded.snapshot();
    }

    /**
     * Changes the index under the lock: {@code change} gets the records as on disk now (a mutable
     * copy it may edit) and answers what to return; the result is written atomically.
     */
    <T> T update(Function<Map<String, ImageRecord>, T> change) throws IOException {
        jvmLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock(); // released when the channel closes
            assert lock.isValid();
            refresh();
            Map<String, ImageRecord> records = new LinkedHashMap<>(loaded.snapshot().byId());
            T result = change.apply(records);
            write(records);
            refresh();
            return result;
        } finally {
            jvmLock.unlock();
        }
    }

    private void write(Map<String, ImageRecord> records) throws IOException {
        Path temp = file.resolveSibling("images.json." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId());
        byte[] json = Manifests.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new IndexFile(1, new ArrayList<>(records.values())));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(json));
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void refresh() throws IOException {
        Object stamp = stamp();
        Loaded now = loaded;
        if (Objects.equals(stamp, now.stamp())) {
            return;
        }
        synchronized (this) {
            stamp = stamp();
            if (Objects.equals(stamp, loaded.stamp())) {
                return;
            }
            Map<String, ImageRecord> byId = new HashMap<>();
            if (stamp != null) {
                try {
                    IndexFile parsed = Manifests.JSON.readValue(Files.readAllBytes(file), IndexFile.class);
                    for (ImageRecord r : parsed.images() == null ? List.<ImageRecord>of() : parsed.images()) {
                        byId.put(r.id(), r);
                    }
                } catch (NoSuchFileException e) {
                    stamp = null;
                } catch (JacksonException e) {
                    throw new IOException("image index " + file + " is corrupt: " + e.getOriginalMessage(), e);
                }
            }
            loaded = new Loaded(stamp, new Snapshot(byId));
        }
    }

    /** What identifies one version of the file: the rename gives each write a new inode. */
    private Object stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toInstant(), a.size());
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
