package io.kube4j.e2e.kubectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One kubectl binary pointed at one server: every call passes {@code --kubeconfig}, its own
 * discovery cache (so that runs never share ~/.kube/cache) and {@code --request-timeout}, and is
 * killed when it outlives {@link #CALL_TIMEOUT_SECONDS}. Thread-safe (each call is its own process).
 */
public final class Kubectl {

  /** Upper bound for one call, however the server behaves. */
  static final long CALL_TIMEOUT_SECONDS = 60;
  /** What kubectl itself waits for one request. */
  static final String REQUEST_TIMEOUT = "--request-timeout=30s";

  private final KubectlBinary binary;
  private final Path kubeconfig;
  private final Path workDir;

  Kubectl(KubectlBinary binary, Path kubeconfig, Path workDir) {
    binary.assumeAvailable();
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
  }

  public KubectlBinary binary() {
    return binary;
  }

  /** Runs {@code kubectl ARGS} with no input. */
  public KubectlResult run(String... args) {
    return runWithInput(null, args);
  }

  /** Runs {@code kubectl ARGS} with {@code stdin} (e.g. for {@code -f -}); null for none. */
  public KubectlResult runWithInput(String stdin, String... args) {
    List<String> command = command(List.of(args));
    try {
      Path out = Files.createTempFile(workDir, "kubectl-", ".out");
      Path err = Files.createTempFile(workDir, "kubectl-", ".err");
      Path in = Files.createTempFile(workDir, "kubectl-", ".in");
      Files.writeString(in, stdin == null ? "" : stdin);
      Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      if (!process.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(command + " still running after " + CALL_TIMEOUT_SECONDS + "s; killed. stderr: "
            + Files.readString(err));
      }
      KubectlResult result = new KubectlResult(command, process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      Files.delete(in);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Starts {@code kubectl ARGS} in the background (e.g. {@code get -w}); the caller closes it. */
  public BackgroundKubectl start(String... args) {
    try {
      return BackgroundKubectl.start(command(List.of(args)), workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.path().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + workDir.resolve("cache-" + binary.version()));
    if (args.stream().noneMatch(a -> a.startsWith("--request-timeout"))) {
      command.add(REQUEST_TIMEOUT);
    }
    command.addAll(args);
    return command;
  }

  @Override
  public String toString() {
    return binary.toString();
  }
}
