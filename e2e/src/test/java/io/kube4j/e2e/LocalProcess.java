package io.kube4j.e2e;

import io.kube4j.store.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running child process (etcd, {@code bin/kube4j store}) whose stdout and stderr go to one
 * log file, so that a failure can quote what the process said. {@link #close()} sends SIGTERM, waits
 * a bounded time, then kills.
 */
public final class LocalProcess implements AutoCloseable {

  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final String description;
  private final Process process;
  private final Path log;

  private LocalProcess(String description, Process process, Path log) {
    this.description = description;
    this.process = process;
    this.log = log;
  }

  public static LocalProcess start(String description, List<String> command, Map<String, String> env, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    return new LocalProcess(description, builder.start(), log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails, quoting the log, when the process has exited. */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError(description + " exited with code " + process.exitValue() + "; its last output:\n" + logTail());
    }
  }

  /** The last 60 lines the process wrote. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends SIGTERM and waits (bounded) for the process to end by itself.
   *
   * @return its exit code (143 for a JVM that ran its shutdown hooks on SIGTERM)
   * @throws AssertionError when it is still running after the grace period (it is then killed)
   */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new AssertionError(description + " ignored SIGTERM for " + STOP_GRACE + "; its last output:\n" + logTail());
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crash: no shutdown hook runs. Waits (bounded) until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    Processes.stop(process, STOP_GRACE);
  }

  @Override
  public String toString() {
    return description;
  }
}
