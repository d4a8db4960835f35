package io.kube4j.bench.controllers;

import io.kube4j.bench.MemberProcess;
import io.kube4j.bench.ProcessReaper;
import io.kube4j.bench.api.ApiServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * One {@code bin/kube4j controller-manager} (every controller, no leader election, extra flags) against a
 * kubeconfig, as a child process logging to {@code controller-manager.log} in {@code dir}, so its
 * CPU time, RSS and heap are its own. Not thread-safe; {@link #close()} stops the process tree.
 */
final class ControllerManagerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ControllerManagerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ControllerManagerProcess start(Path launcher, Path kubeconfig, Path dir, List<String> flags) throws IOException {
        Path log = dir.resolve("controller-manager.log");
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "controller-manager",
                "--kubeconfig", kubeconfig.toString(), "--leader-elect=false"));
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("KUBE4J_NO_BUILD", "1");
        Process process = builder.start();
        ProcessReaper.register(process.toHandle());
        return new ControllerManagerProcess(process, log);
    }

    /** Waits until the log says the controllers started. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("controller-manager exited with " + process.exitValue() + ":\n" + tail());
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("controller-manager")
                    && Files.readString(log, StandardCharsets.UTF_8).contains("started ")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("controller-manager not ready after " + timeout.toSeconds() + " s:\n" + tail());
    }

    ProcessHandle jvm() {
        ProcessHandle root = process.toHandle();
        return Stream.concat(Stream.of(root), root.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(root);
    }

    /** CPU time (user + system) the JVM has used so far. */
    Duration cpu() {
        return jvm().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    long rssKiB() {
        return MemberProcess.statusKiB(jvm().pid(), "VmRSS:");
    }

    long heapAfterGcKiB() throws IOException, InterruptedException {
        return ApiServerProcess.heapAfterGcKiB(jvm().pid());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        ProcessReaper.stop(process.toHandle(), 15_000);
    }
}
