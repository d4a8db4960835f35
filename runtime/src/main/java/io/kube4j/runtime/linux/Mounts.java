package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mounts the runtime makes on the host: overlayfs roots and the bind mounts that keep namespaces
 * alive; and whether a path is a mount point. Stateless and thread-safe; requires root.
 *
 * <p>Mounts are made with mount(2) through the FFM API rather than by running {@code mount}: a
 * pod's start makes four of them, and each process launch on a busy node costs far more than the
 * call (the overlay and shm mounts took 1-2 s each at 100 pods starting at once). Unmounting still
 * runs {@code umount --recursive}, which takes submounts apart in order.
 */
public final class Mounts {

    private Mounts() {}

    /**
     * Mounts an overlay at {@code target}: {@code lowers} bottom layer first (overlayfs wants the top
     * first, so they are reversed here), {@code upper} and {@code work} on the same file system.
     */
    public static void overlay(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
        String lowerdir = lowers.reversed().stream().map(Path::toString).collect(Collectors.joining(":"));
        String options = "lowerdir=" + lowerdir + ",upperdir=" + upper + ",workdir=" + work;
        if (options.length() > 4000) { // the kernel takes one page of options
            throw new IOException("too many layers for one overlay mount (" + lowers.size() + ")");
        }
        check(Libc.mount("overlay", target.toString(), "overlay", 0, options), "overlay mount at " + target);
    }

    /** Bind-mounts {@code source} (a directory or a file) at {@code target}. */
    public static void bind(Path source, Path target) throws IOException {
        check(Libc.mount(source.toString(), target.toString(), null, Libc.MS_BIND, null), "bind mount of " + source + " at " + target);
    }

    /** Makes the mount at {@code target} private: nothing mounted under it propagates to or from a peer. */
    public static void makePrivate(Path target) throws IOException {
        check(Libc.mount("none", target.toString(), null, Libc.MS_PRIVATE, null), "making " + target + " private");
    }

    private static void check(Libc.Result result, String what) throws IOException {
        if (result.failed()) {
            throw new IOException(what + " failed: " + Libc.errnoName(result.errno()));
        }
    }

    /** Mounts a tmpfs of at most {@code sizeBytes} at {@code target} (a pod's /dev/shm). */
    public static void tmpfs(Path target, long sizeBytes, String mode) throws IOException {
        check(Libc.mount("shm", target.toString(), "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC,
                "mode=" + mode + ",size=" + sizeBytes), "tmpfs mount at " + target);
    }

    /** Unmounts {@code target} if something is mounted there (lazily, so a busy mount still goes). */
    public static void unmount(Path target) {
        for (int i = 0; i < 3 && isMountPoint(target); i++) {
            Commands.run(List.of("umount", i == 0 ? "--recursive" : "-l", target.toString()), 30);
        }
    }

    /** Whether {@code path} is a mount point now (from /proc/self/mountinfo). */
    public static boolean isMountPoint(Path path) {
        String wanted = path.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Every mount point under {@code dir} (itself included). */
    public static List<Path> mountsUnder(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .map(line -> line.split(" "))
                    .filter(f -> f.length > 4)
                    .map(f -> unescape(f[4]))
                    .filter(p -> p.equals(prefix) || p.startsWith(prefix + "/"))
                    .map(Path::of)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
