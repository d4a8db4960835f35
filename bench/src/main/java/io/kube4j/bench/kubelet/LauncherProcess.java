package io.kube4j.bench.kubelet;

import io.kube4j.bench.MemberProcess;
import io.kube4j.bench.ProcessReaper;
import io.kube4j.bench.api.ApiServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code bin/kube4j SUBCOMMAND ...} as a child process logging to a file, registered with the
 * {@link ProcessReaper}, so that its CPU time, RSS and heap are its own. Unlike the apiserver
 * harness's process it never deletes a directory: a node's data dir may hold mounts, which only
 * {@code NodeLeftovers} may take apart. Not thread-safe; {@link #close()} stops the process tree
 * (SIGTERM, then SIGKILL after the grace).
 */
public final class LauncherProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private LauncherProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static LauncherProcess start(Path launcher, List<String> args, Path log) throws IOException {
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " does not exist or is not executable");
        }
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The run script has built the distribution; KUBE4J_JAVA_OPTS is inherited as it is.
        builder.environment().put("KUBE4J_NO_BUILD", "1");
        Process process = builder.start();
        ProcessReaper.register(process.toHandle());
        return new LauncherProcess("kube4j " + args.getFirst(), process, log);
    }

    /** Waits until the log holds {@code text}. @throws IOException when the process exits or the time runs out */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; last lines of " + log + ":\n" + tail());
            }
            Thread.sleep(250);
        }
        throw new IOException(name + ": no \"" + text + "\" in its log after " + timeout.toSeconds() + " s; last lines of "
                + log + ":\n" + tail());
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The JVM: the launcher itself when it exec'd java (it does), else its java child. */
    public ProcessHandle jvm() {
        ProcessHandle root = process.toHandle();
        return Stream.concat(Stream.of(root), root.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(root);
    }

    /** CPU time (user + system) the JVM has used so far. */
    public Duration cpu() {
        return jvm().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public long rssKiB() {
        return MemberProcess.statusKiB(jvm().pid(), "VmRSS:");
    }

    public long threads() {
        return MemberProcess.statusKiB(jvm().pid(), "Threads:");
    }

    /** Runs a full GC in the JVM and returns the heap then in use, in KiB. */
    public long heapAfterGcKiB() throws IOException, InterruptedException {
        return ApiServerProcess.heapAfterGcKiB(jvm().pid());
    }

    public Path log() {
        return log;
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        ProcessReaper.stop(process.toHandle(), 30_000);
    }
}
