package io.kube4j.runtime.image;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a tar stream, with its PAX and GNU extensions already applied.
 *
 * @param name the path as written in the archive (not cleaned)
 * @param linkName a symlink's target or a hard link's source path; "" otherwise
 * @param xattrs extended attributes from PAX {@code SCHILY.xattr.*} records
 */
public record TarEntry(
        String name,
        Type type,
        int mode,
        int uid,
        int gid,
        long size,
        Instant mtime,
        String linkName,
        int devMajor,
        int devMinor,
        Map<String, byte[]> xattrs) {

    public TarEntry {
        xattrs = Map.copyOf(xattrs);
    }

    /** The kinds of entries a layer may hold. */
    public enum Type {
        FILE, HARDLINK, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, DIRECTORY, FIFO, OTHER
    }
}
