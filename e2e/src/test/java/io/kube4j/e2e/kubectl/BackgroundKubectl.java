package io.kube4j.e2e.kubectl;

import io.kube4j.store.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A kubectl that runs until stopped ({@code get -w}); its stdout and stderr go to one file that
 * {@link #lines()} reads while it runs. {@link #close()} kills it (bounded). Thread-safe.
 */
public final class BackgroundKubectl implements AutoCloseable {

  private final List<String> command;
  private final Process process;
  private final Path output;

  private BackgroundKubectl(List<String> command, Process process, Path output) {
    this.command = command;
    this.process = process;
    this.output = output;
  }

  static BackgroundKubectl start(List<String> command, Path workDir) throws IOException {
    Path output = Files.createTempFile(workDir, "kubectl-bg-", ".out");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    return new BackgroundKubectl(command, process, output);
  }

  /** The non-empty lines printed so far. */
  public List<String> lines() {
    try {
      return Arrays.stream(Files.readString(output, StandardCharsets.UTF_8).split("\n"))
          .filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return command + " (running: " + process.isAlive() + ")";
  }
}
