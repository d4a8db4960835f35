package io.kube4j.e2e;

import io.kube4j.store.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code etcdctl} (API v3) against one endpoint, every call bounded in time. Output
 * goes through files, not pipes, so a chatty command can never block on a full pipe.
 */
final class Etcdctl {

  /** The longest any one etcdctl call may take, dial and retries included. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  /** What one etcdctl call did. */
  record Result(String command, int exitCode, String out, String err) {

    /** Asserts a zero exit code, quoting everything otherwise; returns this for chaining. */
    Result ok() {
      if (exitCode != 0) {
        throw new AssertionError(this.toString());
      }
      return this;
    }

    /** stdout split into lines (blank lines kept, the final newline dropped). */
    List<String> lines() {
      if (out.isEmpty()) {
        return List.of();
      }
      String body = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
      return Arrays.asList(body.split("\n", -1));
    }

    /** stdout then stderr: etcdctl writes some answers (health, errors) to stderr. */
    String all() {
      return out + err;
    }

    Json json() {
      return Json.parse(ok().out);
    }

    @Override
    public String toString() {
      return "`" + command + "` exited " + exitCode + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  private final String endpoint;
  private final Path workDir;
  private int calls;

  Etcdctl(String endpoint, Path workDir) {
    this.endpoint = endpoint;
    this.workDir = workDir;
  }

  String endpoint() {
    return endpoint;
  }

  Result run(String... args) {
    return call(null, args);
  }

  /** Runs with {@code stdin} as standard input (as {@code etcdctl txn} reads its requests). */
  Result runWithInput(String stdin, String... args) {
    return call(stdin, args);
  }

  /** Whether this etcdctl knows {@code flag} for {@code subcommand} (etcdctl 3.4 lacks some of 3.5's). */
  boolean supports(String subcommand, String flag) {
    return run(subcommand, "--help").all().contains(flag);
  }

  /** Starts a background {@code etcdctl watch …}; close it when done. */
  Watcher watch(String... args) throws IOException {
    List<String> command = command(prepend("watch", args));
    Path err = workDir.resolve("watch-" + (++calls) + ".err");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put("ETCDCTL_API", "3");
    return new Watcher(String.join(" ", command), builder.start(), err);
  }

  private Result call(String stdin, String... args) {
    List<String> command = command(args);
    int n = ++calls;
    Path out = workDir.resolve("etcdctl-" + n + ".out");
    Path err = workDir.resolve("etcdctl-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    builder.environment().put("ETCDCTL_API", "3");
    try {
      Process process = builder.start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("`" + String.join(" ", command) + "` did not finish within " + CALL_TIMEOUT
            + "\n--- stdout:\n" + Files.readString(out) + "\n--- stderr:\n" + Files.readString(err));
      }
      return new Result(String.join(" ", command), process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + " (is etcdctl installed? bin/test installs it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint, "--dial-timeout=3s",
        "--command-timeout=10s"));
    command.addAll(List.of(args));
    return command;
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** A running {@code etcdctl watch}: its stdout lines, read as they come. */
  static final class Watcher implements AutoCloseable {
    private final String command;
    private final Process process;
    private final Path err;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CountDownLatch drained = new CountDownLatch(1);

    private Watcher(String command, Process process, Path err) {
      this.command = command;
      this.process = process;
      this.err = err;
      Thread.ofVirtual().name("etcdctl-watch-reader").start(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = reader.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException closed) {
          // The process was stopped; the lines read so far stay in the queue.
        } finally {
          drained.countDown();
        }
      });
    }

    /** The next {@code count} lines, waiting at most {@code timeout} in all; fails quoting what came. */
    List<String> next(int count, Duration timeout) throws InterruptedException {
      List<String> got = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (got.size() < count) {
        String line = lines.poll(Math.min(100_000_000L, Math.max(0, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
        if (line != null) {
          got.add(line);
          continue;
        }
        boolean ended = drained.getCount() == 0 && lines.isEmpty();
        if (ended || System.nanoTime() >= deadline) {
          throw new AssertionError("`" + command + "` printed " + got + (ended ? " and ended" : " within " + timeout)
              + ", expected " + count + " lines" + (process.isAlive() ? "" : "; exit code " + process.exitValue())
              + "; stderr: " + stderr());
        }
      }
      return got;
    }

    /** What the watch wrote to stderr so far (etcdctl reports a cancelled watch there). */
    String stderr() {
      try {
        return Files.readString(err);
      } catch (IOException e) {
        return "(unreadable: " + e + ")";
      }
    }

    /** Waits (bounded) for the process to end by itself, e.g. when the server cancels the watch. */
    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("`" + command + "` still runs after " + timeout);
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      Processes.stop(process, Duration.ofSeconds(5));
    }
  }
}
