package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod's persistent namespaces: network, IPC and UTS namespaces that outlive every process,
 * each bound to a file in one directory (which is made a private mount of itself first, as a
 * namespace can only be bound where mounts do not propagate). Made in-process, as CRI-O's pinns
 * makes them in its own process: a new platform thread unshares the namespaces (these three move
 * only the calling thread), sets the hostname in the new UTS namespace, binds
 * {@code /proc/thread-self/ns/*} to the files and ends, so no other code ever runs in them and no
 * process is launched. Stateless and thread-safe; requires root.
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
            for (String kind : kinds) {
                Path file = dir.resolve(kind);
                Files.deleteIfExists(file);
                Files.createFile(file);
            }
            unshareAndBind(dir, kinds, kinds.contains(UTS) ? hostname : null);
            applySysctls(dir, kinds, sysctls);
        } catch (IOException | RuntimeException e) {
            remove(dir);
            throw e;
        }
    }

    private static void bindPrivate(Path dir) throws IOException {
        if (!Mounts.isMountPoint(dir)) {
            Mounts.bind(dir, dir);
        }
        Mounts.makePrivate(dir);
    }

    /**
     * On a thread of its own: unshare {@code kinds}, set the hostname, bind each namespace to its
     * file under {@code dir}. The thread ends right after, taking its namespaces' last user with it
     * but for the bind mounts.
     */
    private static void unshareAndBind(Path dir, List<String> kinds, String hostname) throws IOException {
        int flags = 0;
        for (String kind : kinds) {
            flags |= switch (kind) {
                case NET -> Libc.CLONE_NEWNET;
                case UTS -> Libc.CLONE_NEWUTS;
                case IPC -> Libc.CLONE_NEWIPC;
                default -> throw new IllegalArgumentException("unknown namespace kind " + kind);
            };
        }
        int unshareFlags = flags;
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("pod-namespaces").start(() -> {
            try {
                Libc.Result unshared = Libc.unshare(unshareFlags);
                if (unshared.failed()) {
                    throw new IOException("unshare " + kinds + " failed: " + Libc.errnoName(unshared.errno()));
                }
                if (hostname != null && !hostname.isEmpty()) {
                    Libc.Result named = Libc.sethostname(hostname);
                    if (named.failed()) {
                        throw new IOException("sethostname " + hostname + " failed: " + Libc.errnoName(named.errno()));
                    }
                }
                for (String kind : kinds) {
                    Mounts.bind(Path.of("/proc/thread-self/ns/" + kind), dir.resolve(kind));
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the namespaces in " + dir, e);
        } catch (TimeoutException e) {
            throw new IOException("making the namespaces in " + dir + " took over 30 s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("making the namespaces in " + dir + ": " + e.getCause(), e.getCause());
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
