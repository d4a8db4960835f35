package io.kube4j.runtime.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PID namespace a pod's containers share (shareProcessNamespace), kept alive by a small init
 * process of its own, as upstream's pause container does: a PID namespace cannot take new
 * processes once its first process has died, so a bind-mounted file alone is not enough.
 *
 * <p>The holder is {@code unshare --pid --fork --kill-child} running a host shell loop that reaps
 * orphans; it is started in its own session (it outlives our JVM) and named by a tag in its
 * command line, so that a later runtime finds it again and never kills an unrelated process that
 * reused its pid. The namespace is also bound to a file for a stable path. Stateless; thread-safe.
 */
public final class PidNamespaceHolder {

    private static final String INIT = "trap 'exit 0' TERM; while :; do sleep 3600 & wait; done";

    private PidNamespaceHolder() {}

    /**
     * Starts a holder tagged {@code tag} and binds its PID namespace at {@code file}.
     *
     * @return the pid of the holder ({@code unshare}); killing it ends the namespace
     */
    public static long start(Path file, String tag) throws IOException {
        Process unshare = new ProcessBuilder("setsid", "unshare", "--pid", "--fork", "--kill-child",
                "/bin/sh", "-c", INIT, tag)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long holder = unshare.pid();
        try {
            long init = awaitChild(holder);
            Files.deleteIfExists(file);
            Files.createFile(file);
            Commands.Outcome bound = Commands.run(List.of("mount", "--bind", "/proc/" + init + "/ns/pid", file.toString()), 10);
            if (!bound.ok()) {
                throw new IOException("binding the pod's PID namespace failed: " + bound.output());
            }
            return holder;
        } catch (IOException | RuntimeException e) {
            unshare.destroyForcibly();
            throw e;
        }
    }

    /** Kills the holder if it is still the one tagged {@code tag} (the namespace's processes die with it), and unbinds the file. */
    public static void stop(long holder, Path file, String tag) {
        if (holder > 0 && commandLine(holder).map(c -> c.contains(tag)).orElse(false)) {
            ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
        }
        Mounts.unmount(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the sandbox's directory removal reports it
        }
    }

    /** The namespace's first process, once unshare has forked it. */
    private static long awaitChild(long holder) throws IOException {
        Path children = Path.of("/proc/" + holder + "/task/" + holder + "/children");
        for (int i = 0; i < 200; i++) {
            try {
                String list = Files.readString(children).trim();
                if (!list.isEmpty()) {
                    return Long.parseLong(list.split("\\s+")[0]);
                }
            } catch (IOException e) {
                throw new IOException("the PID namespace holder exited at once", e);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("the PID namespace holder did not start its init within 2s");
    }

    private static Optional<String> commandLine(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
