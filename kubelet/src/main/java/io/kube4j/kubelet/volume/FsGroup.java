package io.kube4j.kubelet.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Gives a volume to the pod's fsGroup (upstream's SetVolumeOwnership): every file and directory
 * gets the group; files gain group read (and write unless the volume is read-only), directories
 * also group execute and the setgid bit so new files inherit the group. Needs root; without it
 * nothing is changed. Stateless.
 */
final class FsGroup {

    private FsGroup() {}

    static void apply(Path dir, long gid, boolean readOnly, boolean root) throws IOException {
        if (!root) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                perms.add(PosixFilePermission.GROUP_READ);
                if (!readOnly) {
                    perms.add(PosixFilePermission.GROUP_WRITE);
                }
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (isDir) {
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                }
                Files.setPosixFilePermissions(p, perms);
                if (isDir) {
                    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:mode", mode | 02000, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }
}
