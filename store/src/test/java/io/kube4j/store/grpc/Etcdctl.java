package io.kube4j.store.grpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: runs the real {@code etcdctl} (API v3) against one endpoint, each run bounded in time. */
final class Etcdctl {
  /** What one run printed, and how it ended. */
  record Result(int exitCode, String stdout, String stderr) {
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("etcdctl failed (" + exitCode + "): " + stderr + stdout);
      }
      return this;
    }
  }

  private final URI endpoint;

  Etcdctl(URI endpoint) {
    this.endpoint = endpoint;
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String stdin, String... args) {
    Process process = start(args);
    try {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      var out = drain(process.getInputStream());
      var err = drain(process.getErrorStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("etcdctl " + String.join(" ", args) + " did not finish in 60s");
      }
      out.join(5_000);
      err.join(5_000);
      return new Result(process.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts a long-running command (a watch); the caller reads and ends it. */
  Process start(String... args) {
    List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint, "--dial-timeout=15s",
        "--command-timeout=20s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ETCDCTL_API", "3");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a stream to its end on a virtual thread. */
  static Drain drain(InputStream in) {
    Drain drain = new Drain(in);
    drain.thread = Thread.ofVirtual().start(drain::run);
    return drain;
  }

  static final class Drain {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Thread thread;

    private Drain(InputStream in) {
      this.in = in;
    }

    private void run() {
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (bytes) {
            bytes.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // the process ended: what was read is all there is
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }

    void join(long millis) throws InterruptedException {
      thread.join(millis);
    }
  }
}
