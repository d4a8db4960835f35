package io.kube4j.e2e;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreStatus;
import io.kube4j.store.etcd.EtcdKvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One member of a {@link TestCluster}: a child process (etcd, or the JVM {@code bin/kube4j} execs)
 * that the test can kill with SIGKILL, freeze with SIGSTOP (a member that neither sends nor
 * receives: a partition), thaw with SIGCONT, and restart on the same ports and data directory. Its
 * output, across restarts, goes to one log file.
 *
 * <p>Every process started here is also registered with a JVM shutdown hook that kills it, so a
 * test JVM that dies leaves no member behind. Not thread-safe: one test thread drives a member; the
 * load threads only use its URL.
 */
final class ClusterMember implements AutoCloseable {

  /** Processes started and not yet reaped, killed by a shutdown hook if the JVM exits first. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "cluster-members-kill"));
  }

  /**
   * Kills every member process still running (a test that forgot one, or failed half-way).
   *
   * @return how many there were
   */
  static int killLeftovers() {
    List<Process> left = LIVE.stream().filter(Process::isAlive).toList();
    left.forEach(Process::destroyForcibly);
    LIVE.clear();
    return left.size();
  }

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** Control calls (status, readiness) must fail fast: the member may be dead or frozen. */
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(3);

  private final ClusterTarget target;
  private final ClusterTarget.MemberFlags flags;
  private final Path log;
  private Process process;
  private boolean paused;
  private EtcdKvStore control;
  private long id;
  private int starts;

  ClusterMember(ClusterTarget target, ClusterTarget.MemberFlags flags, Path log) {
    this.target = target;
    this.flags = flags;
    this.log = log;
  }

  String name() {
    return flags.name();
  }

  String clientUrl() {
    return flags.clientUrl();
  }

  String peerUrl() {
    return flags.peerUrl();
  }

  ClusterTarget.MemberFlags flags() {
    return flags;
  }

  /** The Raft member id, learned from the member's status once it served (0 before). */
  long id() {
    return id;
  }

  /** Launches the process (again, on a restart: same flags, same data directory); does not wait for it. */
  void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(this + " is already running");
    }
    starts++;
    Files.writeString(log, "\n===== start #" + starts + ": " + String.join(" ", target.command(flags)) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ProcessBuilder builder = new ProcessBuilder(target.command(flags))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(target.environment());
    process = builder.start();
    LIVE.add(process);
    paused = false;
    closeControl();
  }

  /** Whether the process lives and is not frozen: it can answer. */
  boolean isServing() {
    return process != null && process.isAlive() && !paused;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  boolean isPaused() {
    return paused;
  }

  /** Fails, quoting the log, when the process has exited. */
  void assertAlive() {
    if (!isAlive()) {
      throw new AssertionError(this + " exited with code " + (process == null ? "(never started)" : process.exitValue())
          + "; its last output:\n" + logTail(60));
    }
  }

  /**
   * Waits (bounded) until the member answers a linearizable read, which needs a leader and a quorum,
   * then learns its member id.
   */
  void awaitServing(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (System.nanoTime() < deadline) {
      assertAlive();
      try {
        client().range(RangeRequest.key(Bytes.of("/cluster-e2e/health")));
        id = client().status().memberId();
        return;
      } catch (RuntimeException e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(this + " did not serve a linearizable read within " + timeout + "; last error: " + last
        + "\n--- its log:\n" + logTail(60));
  }

  /** This member's status; fails fast when it cannot answer. */
  StoreStatus status() {
    return client().status();
  }

  /** The revision this member has applied, seen through a serializable (local) read. */
  long localRevision() {
    return client().range(RangeRequest.key(Bytes.of("/cluster-e2e/health")).withSerializable(true)).revision();
  }

  /** A client bound to this member only, for the test thread's control calls; recreated after restarts. */
  EtcdKvStore client() {
    if (control == null) {
      control = newClient(CONTROL_TIMEOUT);
    }
    return control;
  }

  /** A new client bound to this member only; the caller closes it. */
  EtcdKvStore newClient(Duration timeout) {
    return new EtcdKvStore(List.of(flags.clientUrl()), timeout);
  }

  /** SIGKILL on the serving process itself (never a wrapper), then waits for it to be gone. */
  void kill() throws InterruptedException {
    assertAlive();
    assertNoWrapper();
    process.destroyForcibly();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(this + " survived SIGKILL for " + STOP_GRACE);
    }
    LIVE.remove(process);
    paused = false;
    closeControl();
  }

  /** SIGSTOP: the member stays in the cluster's view but neither sends nor receives anything. */
  void pause() throws IOException, InterruptedException {
    assertAlive();
    assertNoWrapper();
    signal("STOP");
    paused = true;
  }

  /** SIGCONT after {@link #pause()}. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
    paused = false;
  }

  /** SIGTERM, bounded wait, SIGKILL if it is still there; returns the exit code. Idempotent. */
  int stop() throws InterruptedException {
    if (process == null) {
      return -1;
    }
    if (paused && process.isAlive()) {
      try {
        resume(); // a stopped process would only act on SIGTERM after SIGCONT
      } catch (IOException e) {
        // fall through to SIGKILL below
      }
    }
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    LIVE.remove(process);
    closeControl();
    return process.exitValue();
  }

  /** The last {@code count} lines of the member's log (all its runs). */
  String logTail(int count) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The whole log of the member (all its runs). */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * The signal must reach the store itself: {@code bin/kube4j} execs the JVM, so the pid we started
   * must now be {@code java} (etcd: {@code etcd}) and must have no child that would keep serving.
   */
  private void assertNoWrapper() {
    String command = process.info().command().orElse("");
    if (!command.isEmpty() && !Path.of(command).getFileName().toString().equals(target.executable())) {
      throw new AssertionError(this + ": pid " + process.pid() + " runs " + command + ", not " + target.executable()
          + "; a signal to it would miss the store");
    }
    List<ProcessHandle> children = process.children().toList();
    if (!children.isEmpty()) {
      throw new AssertionError(this + ": pid " + process.pid() + " has children " + children);
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
    }
  }

  private void closeControl() {
    if (control != null) {
      control.close();
      control = null;
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return target.name() + " member " + flags.name() + " (" + flags.clientUrl() + (id != 0 ? ", id " + Long.toHexString(id) : "")
        + (process != null ? ", pid " + process.pid() : "") + ")";
  }
}
