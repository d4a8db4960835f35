package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mounts the runtime makes on the host: overlayfs roots and the bind mounts that keep namespaces
 * alive; and whether a path is a mount point. Stateless and thread-safe; requires root.
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
        if (options.length() > 4000) {
            throw new IOException("too many layers for one overlay mount (" + lowers.size() + ")");
        }
        Commands.Outcome out = Commands.run(List.of("mount", "-t", "overlay", "overlay", "-o", options, target.toString()), 30);
        if (!out.ok()) {
            throw new IOException("overlay mount at " + target + " failed: " + out.output());
        }
    }

    /** Mounts a tmpfs of at most {@code sizeBytes} at {@code target} (a pod's /dev/shm). */
    public static void tmpfs(Path target, long sizeBytes, String mode) throws IOException {
        Commands.Outcome out = Commands.run(List.of("mount", "-t", "tmpfs", "-o",
                "nosuid,nodev,noexec,mode=" + mode + ",size=" + sizeBytes, "shm", target.toString()), 30);
        if (!out.ok()) {
            throw new IOException("tmpfs mount at " + target + " failed: " + out.output());
        }
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
