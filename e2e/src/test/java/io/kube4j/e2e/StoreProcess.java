package io.kube4j.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A store serving the etcd v3 API in a child process on loopback random ports: either the real
 * {@code etcd} binary or {@code bin/kube4j store}. {@link #start} returns once {@code etcdctl
 * endpoint health} passes, and fails quoting the process's log when it dies or takes too long.
 */
public final class StoreProcess implements AutoCloseable {

  /** JVM start, Raft election and first commit; generous for a loaded 2-core machine. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  /** The reactor packaged the distribution already; this JVM's JDK is new enough to run it. */
  private static final Map<String, String> LAUNCHER_ENV =
      Map.of("KUBE4J_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"));

  private final String memberName;
  private final String clientUrl;
  private final String peerUrl;
  private final LocalProcess process;

  private StoreProcess(String memberName, String clientUrl, String peerUrl, LocalProcess process) {
    this.memberName = memberName;
    this.clientUrl = clientUrl;
    this.peerUrl = peerUrl;
    this.process = process;
  }

  /** The real etcd, data in {@code dir/data}, log in {@code dir/etcd.log}. */
  public static StoreProcess etcd(String memberName, Path dir) throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + FreePorts.next();
    String peer = "http://127.0.0.1:" + FreePorts.next();
    List<String> command = List.of("etcd",
        "--name", memberName,
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client,
        "--advertise-client-urls", client,
        "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer,
        "--initial-cluster", memberName + "=" + peer,
        "--initial-cluster-token", "e2e-" + dir.getFileName());
    return start(memberName, client, peer, "etcd", command, Map.of(), dir.resolve("etcd.log"), dir);
  }

  /** {@code bin/kube4j store} from the packaged distribution (no build), data in {@code dir/data}. */
  public static StoreProcess kube4j(String memberName, Path dir) throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + FreePorts.next();
    String peer = "http://127.0.0.1:" + FreePorts.next();
    List<String> command = List.of(launcher(), "store",
        "--name", memberName,
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", client,
        "--listen-peer-urls", peer,
        "--initial-cluster-token", "e2e-" + dir.getFileName());
    return start(memberName, client, peer, "kube4j store", command, LAUNCHER_ENV, dir.resolve("kube4j.log"), dir);
  }

  /**
   * {@code bin/kube4j server}, the all-in-one process, with state in {@code dir/state}, its store and its
   * Kubernetes API on the given loopback ports (so that a restart can reuse them). Returns once the
   * store answers; the apiserver may still be starting.
   */
  public static StoreProcess kube4jServer(Path dir, int clientPort, int peerPort, int apiPort)
      throws IOException, InterruptedException {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> command = List.of(launcher(), "server",
        "--data-dir", dir.resolve("state").toString(),
        "--store-client-url", client,
        "--store-peer-url", peer,
        "--secure-port", Integer.toString(apiPort),
        "--bind-address", "127.0.0.1",
        // Store tests: no containers on this host.
        "--disable-agent");
    return start("default", client, peer, "kube4j server", command, LAUNCHER_ENV,
        Files.createTempFile(dir, "kube4j-server-", ".log"), dir);
  }

  /** {@code bin/kube4j}, after checking that the distribution it runs is there. */
  private static String launcher() {
    Path jar = repositoryRoot().resolve("server/target/kube4j-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run the e2e tests through the reactor (mvn verify), which packages the server first");
    }
    return repositoryRoot().resolve("bin/kube4j").toString();
  }

  /** The checkout this test runs from (Failsafe passes it; the module directory's parent otherwise). */
  public static Path repositoryRoot() {
    String root = System.getProperty("kube4j.root");
    return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
  }

  private static StoreProcess start(String name, String client, String peer, String what, List<String> command,
      Map<String, String> env, Path log, Path dir) throws IOException, InterruptedException {
    LocalProcess process = LocalProcess.start(what + " (" + client + ")", command, env, log);
    StoreProcess store = new StoreProcess(name, client, peer, process);
    try {
      store.awaitHealthy(new Etcdctl(client, dir));
      return store;
    } catch (Throwable t) {
      store.close();
      throw t;
    }
  }

  private void awaitHealthy(Etcdctl etcdctl) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Etcdctl.Result last = null;
    while (System.nanoTime() < deadline) {
      process.assertAlive();
      last = etcdctl.run("endpoint", "health");
      if (last.exitCode() == 0) {
        return;
      }
      Thread.sleep(300);
    }
    process.assertAlive();
    throw new AssertionError(process + " not healthy within " + READY_TIMEOUT + "; last check: " + last
        + "\n--- its log:\n" + process.logTail());
  }

  public String memberName() {
    return memberName;
  }

  public String clientUrl() {
    return clientUrl;
  }

  public String peerUrl() {
    return peerUrl;
  }

  /** Fails, quoting the log, when the process has died. */
  public void assertAlive() {
    process.assertAlive();
  }

  /** SIGTERM, then a bounded wait; returns the exit code. */
  public int terminate() throws InterruptedException {
    return process.terminate();
  }

  public String logTail() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}
