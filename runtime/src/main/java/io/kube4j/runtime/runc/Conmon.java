package io.kube4j.runtime.runc;

import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.linux.Fifos;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts conmon, the per-container monitor that runs {@code runc create}, then holds the
 * container's stdio, writes its CRI log, and records its exit code (and OOM kill) in files after
 * it exits, whether or not our JVM still runs.
 *
 * <p>conmon reports the created container's pid (or runc's error) as one JSON line on the file
 * descriptor named by {@code _OCI_SYNCPIPE}. Java cannot hand a child an extra descriptor, so conmon
 * is started through {@code /bin/sh}, which opens a named FIFO as fd 3 and execs conmon; we read the
 * FIFO. Stateless; thread-safe.
 */
final class Conmon {

    private static final long CREATE_TIMEOUT_SECONDS = 60;

    /** Where one container's conmon keeps its files. */
    record Layout(Path bundle, Path pidFile, Path conmonPidFile, Path exitDir, Path persistDir, Path socketDir, Path logPath) {}

    private Conmon() {}

    /**
     * Runs conmon for {@code id} and waits until runc has created the container.
     *
     * @return the container's init pid
     * @throws RuntimeFailure CREATE with runc's message if creation failed
     */
    static long create(Path conmon, Path runc, Path runcRoot, String id, Layout layout, boolean tty, boolean stdin,
            boolean stdinOnce, JsonMapper json) {
        Path fifo = layout.bundle().resolve("sync.fifo");
        List<String> argv = new ArrayList<>(List.of(conmon.toString(), "--api-version", "1", "-c", id, "-u", id,
                "-n", id, "-r", runc.toString(), "-b", layout.bundle().toString(), "-p", layout.pidFile().toString(),
                "-P", layout.conmonPidFile().toString(), "-l", "k8s-file:" + layout.logPath(),
                "--exit-dir", layout.exitDir().toString(), "--persist-dir", layout.persistDir().toString(),
                "--socket-dir-path", layout.socketDir().toString(), "--runtime-arg", "--root=" + runcRoot,
                "--log-level", "error"));
        if (tty) {
            argv.add("-t");
        }
        if (stdin) {
            argv.add("-i");
            if (!stdinOnce) {
                argv.add("--leave-stdin-open");
            }
        }
        try {
            Files.deleteIfExists(fifo);
            Fifos.make(fifo, 0600); // the umask can only take bits away: owner read/write at most
            CompletableFuture<String> line = new CompletableFuture<>();
            // A platform thread: opening a FIFO blocks in native code until a writer comes, which pins a
            // virtual thread's carrier; with many containers created at once every carrier of the
            // process (the apiserver's requests included, inside kube4j server) was stuck this way,
            // and the conmon that would open the writer end could not even be started.
            Thread.ofPlatform().daemon().name("conmon-sync-" + id).start(() -> {
                // Blocks in open until the shell opens the FIFO for writing; EOF once conmon closes it
                try (InputStream in = new FileInputStream(fifo.toFile())) {
                    line.complete(readLine(in));
                } catch (IOException e) {
                    line.completeExceptionally(e);
                }
            });
            List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3>\"$SYNC_FIFO\"", "conmon"));
            shell.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(shell)
                    .directory(layout.bundle().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(layout.bundle().resolve("conmon.err").toFile()));
            builder.environment().put("_OCI_SYNCPIPE", "3");
            builder.environment().put("SYNC_FIFO", fifo.toString());
            Process process = builder.start();
            String reply;
            try {
                reply = line.get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                unblock(fifo);
                throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "conmon did not report within "
                        + CREATE_TIMEOUT_SECONDS + "s for container " + id + conmonErrors(layout));
            } finally {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            if (reply == null || reply.isBlank()) {
                throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "conmon exited without reporting (exit "
                        + (process.isAlive() ? "?" : process.exitValue()) + ")" + conmonErrors(layout));
            }
            JsonNode node = json.readTree(reply);
            long pid = node.path("data").asLong(-1);
            if (pid <= 0) {
                throw new RuntimeFailure(RuntimeFailure.Reason.CREATE,
                        "runc create failed: " + node.path("message").asString("").trim());
            }
            return pid;
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "cannot start conmon: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "interrupted while creating " + id, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.CREATE, "reading conmon's reply: " + e.getCause(), e);
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException ignored) {
                // the bundle's removal takes it
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
            if (line.length() > 65536) {
                break;
            }
        }
        return line.toString();
    }

    /** Opens the FIFO for writing ourselves, so a reader stuck in open(2) returns. */
    private static void unblock(Path fifo) {
        try (RandomAccessFile raf = new RandomAccessFile(fifo.toFile(), "rw")) {
            raf.write('\n');
        } catch (IOException ignored) {
            // nobody was waiting
        }
    }

    private static String conmonErrors(Layout layout) {
        try {
            String err = Files.readString(layout.bundle().resolve("conmon.err"), StandardCharsets.UTF_8).trim();
            return err.isEmpty() ? "" : ": " + err;
        } catch (IOException e) {
            return "";
        }
    }
}
