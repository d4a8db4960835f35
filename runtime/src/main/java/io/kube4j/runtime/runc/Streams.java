package io.kube4j.runtime.runc;

import io.kube4j.runtime.ContainerState;
import io.kube4j.runtime.ExecResult;
import io.kube4j.runtime.PortStream;
import io.kube4j.runtime.RuntimeFailure;
import io.kube4j.runtime.StreamSession;
import io.kube4j.runtime.linux.NetworkNamespaces;
import io.kube4j.runtime.linux.SeqPacketSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The stream half of {@link RuncRuntime}: exec (with pipes; with a terminal, {@code runc exec -t}
 * run under util-linux {@code script}, because runc relays the process's new terminal only to a
 * terminal of its own, and hands it out otherwise only as a descriptor over a socket for a detached
 * process whose exit code is then lost), attach (conmon's socket) and port-forward (a socket made in
 * the pod's network namespace). Thread-safe.
 */
final class Streams {

    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private final RuncCli runc;
    private final Containers containers;

    Streams(RuncCli runc, Containers containers) {
        this.runc = runc;
        this.containers = containers;
    }

    ExecResult execSync(String id, List<String> command, Duration timeout) {
        ContainerLayout layout = running(id);
        Path pidFile = layout.dir().resolve("exec-" + UUID.randomUUID() + ".pid");
        ProcessSession session = start(id, pidFile, command, false, false);
        CompletableFuture<byte[]> out = drain(session.stdout());
        CompletableFuture<byte[]> err = drain(session.stderr());
        try (session) {
            boolean done = waitFor(session, timeout);
            if (!done) {
                session.close();
                return new ExecResult(-1, out.getNow(new byte[0]), err.getNow(new byte[0]), true);
            }
            int code = session.waitFor();
            return new ExecResult(code, out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "interrupted exec in " + id, e);
        } catch (Exception e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "exec in " + id + " failed: " + e, e);
        }
    }

    StreamSession exec(String id, List<String> command, boolean tty, boolean stdin) {
        ContainerLayout layout = running(id);
        return start(id, layout.dir().resolve("exec-" + UUID.randomUUID() + ".pid"), command, tty, stdin);
    }

    StreamSession attach(String id, boolean stdin) {
        ContainerLayout layout = running(id);
        try {
            return new AttachSession(SeqPacketSocket.connect(layout.attachSocket()), layout, stdin, () -> {
                containers.awaitExit(layout, Duration.ofDays(365));
                return containers.record(id).map(containers::status)
                        .map(s -> s.state() instanceof ContainerState.Exited e ? e.exitCode() : -1).orElse(-1);
            });
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot attach to " + id + ": " + e.getMessage(), e);
        }
    }

    PortStream portForward(Path netns, int port) {
        try {
            Socket socket = netns == null ? new Socket("127.0.0.1", port) : NetworkNamespaces.connect(netns, "127.0.0.1", port, 10_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            return new PortStream() {
                @Override
                public InputStream input() {
                    return in;
                }

                @Override
                public OutputStream output() {
                    return out;
                }

                @Override
                public void close() {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closed already
                    }
                }
            };
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "port-forward to port " + port + " failed: " + e.getMessage(), e);
        }
    }

    private ContainerLayout running(String id) {
        ContainerRecordAndState found = containers.record(id)
                .map(r -> new ContainerRecordAndState(r, containers.status(r).state()))
                .orElseThrow(() -> Containers.notFound(id));
        if (!(found.state() instanceof ContainerState.Running)) {
            throw new RuntimeFailure(RuntimeFailure.Reason.NOT_RUNNING, "container " + id + " is not running");
        }
        return containers.layout(id);
    }

    private record ContainerRecordAndState(ContainerRecord record, ContainerState state) {}

    private ProcessSession start(String id, Path pidFile, List<String> command, boolean tty, boolean stdin) {
        if (command.isEmpty()) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "exec needs a command");
        }
        List<String> argv = new ArrayList<>(runc.argv("exec", "--pid-file", pidFile.toString()));
        if (tty) {
            argv.add("--tty");
        }
        argv.add(id);
        argv.addAll(command);
        if (tty) {
            // runc -t relays between the process's new terminal and its own, which must be a terminal:
            // script gives it one (and reports runc's exit code with --return)
            if (!Files.isExecutable(SCRIPT)) {
                throw new RuntimeFailure(RuntimeFailure.Reason.UNSUPPORTED, "exec with a terminal needs " + SCRIPT + " (util-linux)");
            }
            String line = argv.stream().map(Streams::quote).collect(Collectors.joining(" "));
            argv = List.of(SCRIPT.toString(), "--quiet", "--return", "--command", line, "/dev/null");
        }
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (!stdin) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        if (tty) {
            builder.redirectErrorStream(true);
        }
        try {
            return new ProcessSession(builder.start(), pidFile, tty, stdin);
        } catch (IOException e) {
            throw new RuntimeFailure(RuntimeFailure.Reason.OTHER, "cannot run runc exec: " + e.getMessage(), e);
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        });
        return result;
    }

    private static boolean waitFor(ProcessSession session, Duration timeout) throws InterruptedException {
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return session.waitFor();
            } catch (InterruptedException e) {
                return -1;
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            exit.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
