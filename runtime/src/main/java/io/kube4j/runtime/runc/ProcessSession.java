package io.kube4j.runtime.runc;

import io.kube4j.runtime.StreamSession;
import io.kube4j.runtime.linux.Commands;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An exec session: a {@code runc exec} process (under {@code script} when it has a terminal) whose
 * pipes are the session's streams. Closing it kills the exec'd process in the container (its host
 * pid is in runc's pid file), not just runc. Thread-safe for one user per stream.
 */
final class ProcessSession implements StreamSession {

    private final Process process;
    private final Path pidFile;
    private final boolean tty;
    private final boolean stdin;

    ProcessSession(Process process, Path pidFile, boolean tty, boolean stdin) {
        this.process = process;
        this.pidFile = pidFile;
        this.tty = tty;
        this.stdin = stdin;
        if (!stdin) {
            try {
                process.getOutputStream().close();
            } catch (java.io.IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin ? process.getOutputStream() : OutputStream.nullOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return tty ? InputStream.nullInputStream() : process.getErrorStream();
    }

    @Override
    public void resize(int columns, int rows) {
        if (!tty) {
            return;
        }
        try {
            // runc's own stdin is the terminal script made: resizing it sends runc SIGWINCH, and
            // runc resizes the process's terminal to match
            for (ProcessHandle child : process.children().toList()) {
                Path pts = Files.readSymbolicLink(Path.of("/proc/" + child.pid() + "/fd/0"));
                if (pts.toString().startsWith("/dev/pts/")) {
                    Commands.run(List.of("stty", "-F", pts.toString(), "cols", Integer.toString(columns),
                            "rows", Integer.toString(rows)), 5);
                    return;
                }
            }
        } catch (java.io.IOException ignored) {
            // the process has ended
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            execPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (java.io.IOException ignored) {
            // in the container's dir, removed with it
        }
    }

    private java.util.Optional<Long> execPid() {
        try {
            return java.util.Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (java.io.IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
