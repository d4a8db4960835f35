package io.kube4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One running server process (an etcd or a {@code bin/kube4j store}), its output captured in a log
 * file next to its data directory.
 *
 * <p>Not thread-safe; owned by its {@link StoreCluster}. {@link #close()} stops the process tree and
 * is idempotent.
 */
public final class MemberProcess implements AutoCloseable {
  private static final long STOP_GRACE_MILLIS = 10_000;

  private final MemberSpec spec;
  private final Process process;
  private final Path log;

  private MemberProcess(MemberSpec spec, Process process, Path log) {
    this.spec = spec;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command}, output to {@code log}, and registers it with the {@link ProcessReaper}. */
  static MemberProcess start(MemberSpec spec, List<String> command, java.util.Map<String, String> env, Path log)
      throws ClusterStartException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      ProcessReaper.register(process.toHandle());
      return new MemberProcess(spec, process, log);
    } catch (IOException e) {
      throw new ClusterStartException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
  }

  MemberSpec spec() {
    return spec;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** A one-line account of why this member is not serving, for start-up failures. */
  String describeDeath() {
    return process.isAlive()
        ? spec.name() + " is running but not serving"
        : spec.name() + " exited with code " + process.exitValue();
  }

  /**
   * The resident set size of the process and all its descendants, in KiB, from
   * {@code /proc/PID/status} (VmRSS). Summing the tree makes the figure independent of whether a
   * launcher script exec's its JVM.
   */
  long rssKiB() {
    return treeStatusKiB("VmRSS:");
  }

  /**
   * The anonymous part of {@link #rssKiB()} (RssAnon: heaps, not file pages such as a memory-mapped
   * database file, which the kernel can drop and re-read).
   */
  long anonRssKiB() {
    return treeStatusKiB("RssAnon:");
  }

  private long treeStatusKiB(String field) {
    ProcessHandle root = process.toHandle();
    return Stream.concat(Stream.of(root), root.descendants())
        .mapToLong(handle -> statusKiB(handle.pid(), field))
        .sum();
  }

  /** The last {@code lines} lines of this member's output. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    ProcessReaper.stop(process.toHandle(), STOP_GRACE_MILLIS);
  }

  /** A "kB" field of {@code /proc/PID/status}, 0 when absent or when the process is gone. */
  public static long statusKiB(long pid, String field) {
    try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
      return lines.filter(line -> line.startsWith(field))
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElse(0);
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // the process exited between listing and reading
    }
  }
}
