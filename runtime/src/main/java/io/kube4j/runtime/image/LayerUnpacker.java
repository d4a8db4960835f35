package io.kube4j.runtime.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks one image layer (a tar, plain or gzip-compressed) into an empty directory, turning OCI
 * whiteouts into overlayfs's form: {@code .wh.NAME} becomes a character device 0/0 named NAME and
 * {@code .wh..wh..opq} the xattr {@code trusted.overlay.opaque=y} on its directory. Keeps modes
 * (with setuid/setgid/sticky), owners, mtimes, symlinks, hard links (within the layer), devices and
 * FIFOs, and the {@code user.*} and {@code security.capability} xattrs.
 *
 * <p>Refuses, with a {@link LayerException}, entries whose path has a {@code ..} component or
 * passes through a symlink, hard links to paths outside the layer, and compressions other than gzip.
 * Stateless; the caller owns the target directory (and deletes it when this fails: the store
 * unpacks into a temporary directory and renames it only once complete).
 */
public final class LayerUnpacker {

    private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";

    /** The layer's diffID ("sha256:" + digest of the uncompressed tar) and the bytes of its files. */
    public record Result(String diffId, long sizeBytes) {}

    /** A layer that cannot be unpacked safely or at all; the message says why. */
    public static final class LayerException extends IOException {
        public LayerException(String message) {
            super(message);
        }
    }

    private LayerUnpacker() {}

    /** Unpacks {@code blob} (closed by the caller) into {@code dir}, which exists and is empty. */
    public static Result unpack(InputStream blob, Path dir) throws IOException {
        MessageDigest sha = Digests.sha256();
        InputStream tar = new DigestInputStream(decompress(blob), sha);
        TarReader reader = new TarReader(tar);
        List<DirAttrs> dirs = new ArrayList<>();
        long size = 0;
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            size += apply(dir, entry, reader, dirs);
        }
        tar.transferTo(OutputStream.nullOutputStream()); // the diffID covers the tar's trailing padding
        // Directories last, deepest first: writing their children changed their mtimes.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            DirAttrs d = dirs.get(i);
            NativeFs.chmod(d.path, d.mode);
            setMtime(d.path, d.mtime);
        }
        return new Result("sha256:" + HexFormat.of().formatHex(sha.digest()), size);
    }

    /** Wraps a layer blob in its decompressor, chosen by magic number. */
    public static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 65536);
        }
        if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            throw new LayerException("zstd-compressed layers are not supported (only tar and tar+gzip)");
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            throw new LayerException("bzip2-compressed layers are not supported (only tar and tar+gzip)");
        }
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
            throw new LayerException("xz-compressed layers are not supported (only tar and tar+gzip)");
        }
        return in;
    }

    private record DirAttrs(Path path, int mode, Instant mtime) {}

    /** Applies one entry; returns the bytes it wrote. */
    private static long apply(Path root, TarEntry entry, TarReader reader, List<DirAttrs> dirs) throws IOException {
        String rel = clean(entry.name());
        if (rel.isEmpty()) {
            return 0; // the layer's root: the store owns that directory
        }
        Path target = root.resolve(rel);
        Path parent = target.getParent();
        refuseSymlinkParents(root, rel);
        Files.createDirectories(parent);
        String base = target.getFileName().toString();
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(parent, base);
            return 0;
        }
        BasicFileAttributes existing = attributes(target);
        if (existing != null && !(existing.isDirectory() && entry.type() == TarEntry.Type.DIRECTORY)) {
            deleteRecursively(target); // a later entry replaces an earlier one
        }
        long written = 0;
        switch (entry.type()) {
            case DIRECTORY -> {
                if (existing == null || !existing.isDirectory()) {
                    Files.createDirectory(target);
                }
                NativeFs.lchown(target, entry.uid(), entry.gid());
                dirs.add(new DirAttrs(target, entry.mode(), entry.mtime()));
                setXattrs(target, entry.xattrs());
                return 0;
            }
            case FILE, OTHER -> {
                try (InputStream content = reader.content();
                     OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                             StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    written = content.transferTo(out);
                }
            }
            case SYMLINK -> {
                Files.createSymbolicLink(target, Path.of(entry.linkName()));
                NativeFs.lchown(target, entry.uid(), entry.gid());
                setMtime(target, entry.mtime());
                return 0;
            }
            case HARDLINK -> {
                String source = clean(entry.linkName());
                if (source.isEmpty()) {
                    throw new LayerException("hard link " + entry.name() + " points at the layer's root");
                }
                refuseSymlinkParents(root, source);
                Path sourcePath = root.resolve(source);
                BasicFileAttributes s = attributes(sourcePath);
                if (s == null || s.isDirectory()) {
                    throw new LayerException("hard link " + entry.name() + " -> " + entry.linkName()
                            + " does not name an earlier file of the layer");
                }
                Files.createLink(target, sourcePath);
                return 0; // shares the source's inode, owner, mode and mtime
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
                int type = switch (entry.type()) {
                    case CHAR_DEVICE -> NativeFs.S_IFCHR;
                    case BLOCK_DEVICE -> NativeFs.S_IFBLK;
                    default -> NativeFs.S_IFIFO;
                };
                try {
                    NativeFs.mknod(target, type, entry.mode(), NativeFs.makedev(entry.devMajor(), entry.devMinor()));
                } catch (IOException e) {
                    // As containerd does unprivileged, leave out device nodes that cannot be made.
                    LOG.warn("skipping device {} of a layer: {}", entry.name(), e.getMessage());
                    return 0;
                }
            }
        }
        NativeFs.lchown(target, entry.uid(), entry.gid()); // before chmod: chown clears setuid bits
        NativeFs.chmod(target, entry.mode());
        setXattrs(target, entry.xattrs());
        setMtime(target, entry.mtime());
        return written;
    }

    private static void whiteout(Path parent, String base) throws IOException {
        if (base.equals(OPAQUE)) {
            NativeFs.lsetxattr(parent, OPAQUE_XATTR, "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // other AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): nothing for overlayfs
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")) {
            throw new LayerException("invalid whiteout " + base);
        }
        Path hidden = parent.resolve(name);
        if (attributes(hidden) != null) {
            deleteRecursively(hidden);
        }
        NativeFs.mknod(hidden, NativeFs.S_IFCHR, 0, 0L);
    }

    /**
     * An entry's path relative to the layer root: leading "/" and "./" dropped, "." components
     * removed; any ".." is refused (a layer has no business naming its parent).
     */
    static String clean(String name) throws LayerException {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new LayerException("path traversal refused: layer entry " + name + " names a parent directory");
            }
            if (part.indexOf('\0') >= 0) {
                throw new LayerException("invalid layer entry name " + name);
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    /** Refuses a path whose parent directories include a symlink: writing through it could leave the layer. */
    private static void refuseSymlinkParents(Path root, String rel) throws IOException {
        Path current = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            current = current.resolve(parts[i]);
            BasicFileAttributes a = attributes(current);
            if (a == null) {
                return;
            }
            if (a.isSymbolicLink()) {
                throw new LayerException("path traversal refused: layer entry " + rel + " passes through the symlink "
                        + root.relativize(current));
            }
            if (!a.isDirectory()) {
                deleteRecursively(current); // a file where a later entry needs a directory: the later one wins
                return;
            }
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void setXattrs(Path target, Map<String, byte[]> xattrs) {
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            // Only what a container may rely on; trusted.overlay.* from a layer could redirect overlayfs.
            if (!x.getKey().startsWith("user.") && !x.getKey().equals("security.capability")) {
                continue;
            }
            try {
                NativeFs.lsetxattr(target, x.getKey(), x.getValue());
            } catch (IOException e) {
                LOG.debug("xattr {} on {} not kept: {}", x.getKey(), target, e.getMessage());
            }
        }
    }

    private static void setMtime(Path target, Instant mtime) {
        try {
            FileTime t = FileTime.from(mtime);
            Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(t, t, null);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("mtime of {} not kept: {}", target, e.getMessage());
        }
    }

    /** Deletes a file, symlink or directory tree without following symlinks. */
    static void deleteRecursively(Path p) throws IOException {
        BasicFileAttributes a = attributes(p);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            try (var children = Files.list(p)) {
                for (Path c : (Iterable<Path>) children::iterator) {
                    deleteRecursively(c);
                }
            }
        }
        try {
            Files.delete(p);
        } catch (NoSuchFileException | FileAlreadyExistsException ignored) {
            // gone already
        }
    }
}
