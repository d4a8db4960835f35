package io.kube4j.kubelet.volume;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a volume's files so that readers see either the old set or the new one, never a mix
 * (upstream's AtomicWriter): the files go into a new timestamped directory {@code ..TIMESTAMP.N},
 * the symlink {@code ..data} is swapped to it by a rename, and each top-level name is a symlink
 * {@code NAME -> ..data/NAME}; names no longer in the payload and the old directory are then
 * removed. Nothing is written when the payload equals what is there. Not thread-safe per target
 * directory (the volume manager calls it from the pod's worker).
 */
public final class AtomicWriter {

    /** One file's content and mode (the low 9 permission bits are applied). */
    public record FileProjection(byte[] data, int mode) {}

    static final String DATA_DIR = "..data";
    private static final String DATA_DIR_TMP = "..data_tmp";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

    private final Path target;

    public AtomicWriter(Path target) {
        this.target = target;
    }

    /**
     * Makes the directory hold exactly {@code payload} (relative path to file).
     *
     * @return whether anything was written
     * @throws IllegalArgumentException a path that is absolute, contains "..", or starts with ".."
     */
    public boolean write(Map<String, FileProjection> payload) throws IOException {
        for (String p : payload.keySet()) {
            validate(p);
        }
        Files.createDirectories(target);
        Path dataLink = target.resolve(DATA_DIR);
        String oldTs = Files.isSymbolicLink(dataLink) ? Files.readSymbolicLink(dataLink).toString() : null;
        Path oldTsDir = oldTs == null ? null : target.resolve(oldTs);
        Set<String> oldTop = oldTsDir != null && Files.isDirectory(oldTsDir) ? topLevel(oldTsDir) : Set.of();
        Set<String> newTop = new HashSet<>();
        for (String p : payload.keySet()) {
            newTop.add(first(p));
        }
        boolean changed = oldTsDir == null || !Files.isDirectory(oldTsDir) || differs(oldTsDir, payload);
        if (changed) {
            Path tsDir = Files.createTempDirectory(target, TS.format(ZonedDateTime.now(ZoneOffset.UTC)));
            Files.setPosixFilePermissions(tsDir, perms(0755));
            for (var e : payload.entrySet()) {
                Path file = tsDir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, e.getValue().data());
                Files.setPosixFilePermissions(file, perms(e.getValue().mode()));
            }
            for (String top : newTop) {
                Path visible = target.resolve(top);
                if (!Files.exists(visible, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.createSymbolicLink(visible, Path.of(DATA_DIR, top));
                    } catch (FileAlreadyExistsException ignored) {
                        // made by an earlier, interrupted write
                    }
                }
            }
            Path tmpLink = target.resolve(DATA_DIR_TMP);
            Files.deleteIfExists(tmpLink);
            Files.createSymbolicLink(tmpLink, tsDir.getFileName());
            Files.move(tmpLink, dataLink, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        for (String top : oldTop) {
            if (!newTop.contains(top)) {
                Files.deleteIfExists(target.resolve(top));
            }
        }
        if (changed && oldTsDir != null && Files.isDirectory(oldTsDir, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(oldTsDir);
        }
        return changed;
    }

    static void validate(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("invalid path: must be relative path: " + path);
        }
        if (path.startsWith("..")) {
            throw new IllegalArgumentException("invalid path: must not start with '..': " + path);
        }
        if (Arrays.asList(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("invalid path: must not contain '..': " + path);
        }
    }

    private static boolean differs(Path dir, Map<String, FileProjection> payload) throws IOException {
        Set<String> existing = new HashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    existing.add(dir.relativize(p).toString());
                }
            }
        }
        if (!existing.equals(payload.keySet())) {
            return true;
        }
        for (var e : payload.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Arrays.equals(Files.readAllBytes(f), e.getValue().data())
                    || !Files.getPosixFilePermissions(f).equals(perms(e.getValue().mode()))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> topLevel(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    private static String first(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    /** The permission bits of a numeric mode (0644). */
    public static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }

    /** Deletes a directory tree without following symlinks. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
