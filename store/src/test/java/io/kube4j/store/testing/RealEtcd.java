package io.kube4j.store.testing;

import io.kube4j.store.etcd.EtcdKvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's {@code /usr/bin/etcd}, 3.4) for tests: one member on 127.0.0.1 with random
 * free client and peer ports, its data in a fresh temp directory (on tmpfs when there is one, so
 * fsyncs cost nothing), its log in {@code etcd.log} there.
 *
 * <p>{@link #shared()} starts one per JVM on first use and stops it in a shutdown hook; {@link #start()}
 * starts a private one the caller closes. The member runs with etcd's defaults except a 1s
 * {@code --experimental-watch-progress-notify-interval} (10 minutes by default), so that progress
 * notifications can be tested. Thread-safe.
 */
public final class RealEtcd implements AutoCloseable {
  /** Where Debian puts etcd; override with {@code -Detcd.binary=...}. */
  public static final String BINARY = System.getProperty("etcd.binary", "/usr/bin/etcd");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private static RealEtcd shared;

  private final Process process;
  private final Path dir;
  private final String clientUrl;
  private final String peerUrl;

  private RealEtcd(Process process, Path dir, String clientUrl, String peerUrl) {
    this.process = process;
    this.dir = dir;
    this.clientUrl = clientUrl;
    this.peerUrl = peerUrl;
  }

  /** The JVM-wide instance, started on first call; stopped when the JVM exits. */
  public static synchronized RealEtcd shared() {
    if (shared == null || !shared.process.isAlive()) {
      RealEtcd started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "real-etcd-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * Starts a private instance and waits until it is healthy (it has elected itself leader).
   *
   * @throws IllegalStateException with the tail of etcd's log when it does not come up
   */
  public static RealEtcd start() {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce();
      } catch (IllegalStateException e) { // most likely a free port taken between probe and bind
        last = e;
      }
    }
    throw last;
  }

  private static RealEtcd startOnce() {
    Path dir = tempDir();
    String clientUrl = "http://127.0.0.1:" + freePort();
    String peerUrl = "http://127.0.0.1:" + freePort();
    List<String> command = new ArrayList<>(List.of(BINARY,
        "--name", "default",
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", clientUrl,
        "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "default=" + peerUrl,
        "--initial-cluster-state", "new",
        "--initial-cluster-token", "kube4j-test-" + ProcessHandle.current().pid(),
        "--experimental-watch-progress-notify-interval", "1s",
        "--logger", "zap",
        "--log-outputs", "stderr"));
    Process process;
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("etcd.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BINARY, e);
    }
    RealEtcd etcd = new RealEtcd(process, dir, clientUrl, peerUrl);
    try {
      etcd.awaitHealthy();
    } catch (RuntimeException e) {
      String log = etcd.logTail();
      etcd.close();
      throw new IllegalStateException("etcd did not come up at " + clientUrl + ": " + e.getMessage()
          + "\n--- etcd.log (tail) ---\n" + log, e);
    }
    return etcd;
  }

  /** The client URL, {@code http://127.0.0.1:port}. */
  public String clientUrl() {
    return clientUrl;
  }

  /** The peer URL this member listens on for Raft traffic. */
  public String peerUrl() {
    return peerUrl;
  }

  public List<String> endpoints() {
    return List.of(clientUrl);
  }

  /** A new client of this etcd; the caller closes it. */
  public EtcdKvStore newClient() {
    return new EtcdKvStore(endpoints(), Duration.ofSeconds(15));
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl + "/health"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    String lastAnswer = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
        lastAnswer = answer.statusCode() + " " + answer.body();
        if (answer.statusCode() == 200 && answer.body().contains("\"health\":\"true\"")) {
          return;
        }
      } catch (IOException e) {
        lastAnswer = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd", e);
      }
      sleep(100);
    }
    throw new IllegalStateException("not healthy after " + STARTUP_TIMEOUT + " (last: " + lastAnswer + ")");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("etcd.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops etcd (SIGTERM, then SIGKILL after 5s) and deletes its directory. Idempotent. */
  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(5));
    deleteRecursively(dir);
  }

  private static Path tempDir() {
    try {
      Path shm = Path.of("/dev/shm");
      return Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "kube4j-etcd-")
          : Files.createTempDirectory("kube4j-etcd-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temp directory is harmless
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
