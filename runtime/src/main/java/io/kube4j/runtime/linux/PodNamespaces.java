package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod's persistent namespaces: network, IPC and UTS namespaces that outlive every process,
 * each bound to a file in one directory (which is made a private mount of itself first, as a
 * namespace can only be bound where mounts do not propagate). Made with util-linux's
 * {@code unshare}, which also sets the hostname inside the new UTS namespace. Stateless and
 * thread-safe; requires root.
 */
public final class PodNamespaces {

    public static final String NET = "net";
    public static final String IPC = "ipc";
    public static final String UTS = "uts";

    private PodNamespaces() {}

    /**
     * Creates the namespaces {@code kinds} (of {@link #NET}, {@link #IPC}, {@link #UTS}) bound under
     * {@code dir}, sets {@code hostname} if a UTS namespace is made and applies {@code sysctls}
     * (written under /proc/sys from inside the namespaces).
     *
     * @throws IOException if a step fails; what was made is removed
     */
    public static void create(Path dir, List<String> kinds, String hostname, Map<String, String> sysctls) throws IOException {
        Files.createDirectories(dir);
        try {
            bindPrivate(dir);
            if (kinds.isEmpty()) {
                return;
            }
            List<String> argv = new ArrayList<>(List.of("unshare"));
            for (String kind : kinds) {
                Path file = dir.resolve(kind);
                Files.deleteIfExists(file);
                Files.createFile(file);
                argv.add("--" + kind + "=" + file);
            }
            if (kinds.contains(UTS) && hostname != null && !hostname.isEmpty()) {
                argv.addAll(List.of("hostname", hostname));
            } else {
                argv.add("true");
            }
            Commands.Outcome out = Commands.run(argv, 30);
            if (!out.ok()) {
                throw new IOException("unshare failed: " + out.output());
            }
            applySysctls(dir, kinds, sysctls);
        } catch (IOException | RuntimeException e) {
            remove(dir);
            throw e;
        }
    }

    private static void bindPrivate(Path dir) throws IOException {
        if (!Mounts.isMountPoint(dir)) {
            Commands.Outcome bind = Commands.run(List.of("mount", "--bind", dir.toString(), dir.toString()), 30);
            if (!bind.ok()) {
                throw new IOException("bind mount of " + dir + " failed: " + bind.output());
            }
        }
        Commands.Outcome priv = Commands.run(List.of("mount", "--make-private", dir.toString()), 30);
        if (!priv.ok()) {
            throw new IOException("making " + dir + " private failed: " + priv.output());
        }
    }

    /** Writes each sysctl under /proc/sys from a shell inside the pod's namespaces ("a.b.c" is /proc/sys/a/b/c). */
    private static void applySysctls(Path dir, List<String> kinds, Map<String, String> sysctls) throws IOException {
        for (Map.Entry<String, String> sysctl : sysctls.entrySet()) {
            String key = sysctl.getKey().contains("/") ? sysctl.getKey() : sysctl.getKey().replace('.', '/');
            if (key.contains("..") || key.startsWith("/")) {
                throw new IOException("invalid sysctl name " + sysctl.getKey());
            }
            List<String> argv = new ArrayList<>(List.of("nsenter"));
            for (String kind : kinds) {
                argv.add("--" + kind + "=" + dir.resolve(kind));
            }
            argv.addAll(List.of("/bin/sh", "-c", "printf '%s' \"$1\" > \"$0\"", "/proc/sys/" + key, sysctl.getValue()));
            Commands.Outcome out = Commands.run(argv, 30);
            if (!out.ok()) {
                throw new IOException("sysctl " + sysctl.getKey() + "=" + sysctl.getValue() + " failed: " + out.output());
            }
        }
    }

    /** Unbinds every namespace file and the directory's own bind mount, then deletes the directory. Idempotent. */
    public static void remove(Path dir) {
        for (String kind : List.of(NET, IPC, UTS, "pid")) {
            Mounts.unmount(dir.resolve(kind));
        }
        Mounts.unmount(dir);
        try {
            for (String kind : List.of(NET, IPC, UTS, "pid")) {
                Files.deleteIfExists(dir.resolve(kind));
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left for the caller's recursive delete; it reports what stays
        }
    }
}
