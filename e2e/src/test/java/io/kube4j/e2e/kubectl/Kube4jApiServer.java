package io.kube4j.e2e.kubectl;

import io.kube4j.e2e.FreePorts;
import io.kube4j.e2e.LocalProcess;
import io.kube4j.e2e.StoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged distribution's {@code bin/kube4j server} as a child process on loopback random
 * ports (API, store client, store peer), state under {@code dir/state}. {@link #start} returns
 * once the admin kubeconfig exists and {@code kubectl get --raw /readyz} answers {@code ok}; it
 * fails quoting the server's log when the process dies or takes longer than {@link #READY_TIMEOUT}.
 * {@link #close()} stops it (SIGTERM, bounded, then kill).
 */
public final class Kube4jApiServer implements AutoCloseable {

  /** JVM start, store election, apiserver start, on a loaded 2-core machine. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final LocalProcess process;
  private final Path kubeconfig;
  private final Path workDir;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path dir;

  private Kube4jApiServer(LocalProcess process, Path kubeconfig, Path workDir, List<String> command, Map<String, String> env,
      Path dir) {
    this.process = process;
    this.kubeconfig = kubeconfig;
    this.workDir = workDir;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.dir = dir;
  }

  /**
   * Kills this server with SIGKILL (a crash: nothing of it runs its shutdown) and starts it again
   * with the same command line, data and ports; returns once the new one is ready.
   */
  public Kube4jApiServer killAndRestart() throws IOException, InterruptedException {
    process.kill();
    LocalProcess again = LocalProcess.start("kube4j server", command, env,
        dir.resolve("kube4j-server-" + System.currentTimeMillis() + ".log"));
    Kube4jApiServer restarted = new Kube4jApiServer(again, kubeconfig, workDir, command, env, dir);
    try {
      restarted.awaitReady();
      return restarted;
    } catch (Throwable t) {
      restarted.close();
      throw t;
    }
  }

  public static Kube4jApiServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, List.of());
  }

  /** As {@link #start(Path)}, with more {@code kube4j server} flags. */
  public static Kube4jApiServer start(Path dir, List<String> flags) throws IOException, InterruptedException {
    Path root = StoreProcess.repositoryRoot();
    Path jar = root.resolve("server/target/kube4j-server.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run the e2e tests through the reactor (mvn verify), which packages the server first");
    }
    Path state = dir.resolve("state");
    Path work = Files.createDirectories(dir.resolve("kubectl"));
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/kube4j").toString(), "server",
        "--data-dir", state.toString(),
        "--secure-port", Integer.toString(FreePorts.next()),
        "--bind-address", "127.0.0.1",
        "--store-client-url", "http://127.0.0.1:" + FreePorts.next(),
        "--store-peer-url", "http://127.0.0.1:" + FreePorts.next()));
    // Suites run pods on hollow nodes (or none): no real node agent unless a suite asks for one.
    if (!flags.contains("--with-agent")) {
      command.add("--disable-agent");
    }
    command.addAll(flags.stream().filter(f -> !f.equals("--with-agent")).toList());
    // The reactor packaged the distribution already; this JVM's JDK is new enough to run it.
    Map<String, String> env = Map.of("KUBE4J_NO_BUILD", "1", "JAVA_HOME", System.getProperty("java.home"));
    LocalProcess process = LocalProcess.start("kube4j server", command, env, dir.resolve("kube4j-server.log"));
    Kube4jApiServer server = new Kube4jApiServer(process, state.resolve("kubeconfig.yaml"), work, command, env, dir);
    try {
      server.awaitReady();
      return server;
    } catch (Throwable t) {
      server.close();
      throw t;
    }
  }

  private void awaitReady() throws InterruptedException {
    KubectlBinary probe = KubectlBinary.matrix().stream().filter(b -> b.unavailableReason() == null).findFirst()
        .orElseThrow(() -> new AssertionError("no kubectl binary available: " + KubectlBinary.matrix()));
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Object last = "no answer yet";
    while (System.nanoTime() < deadline) {
      process.assertAlive();
      if (Files.isRegularFile(kubeconfig)) {
        KubectlResult readyz = kubectl(probe).run("get", "--raw", "/readyz", "--request-timeout=5s");
        if (readyz.exitCode() == 0 && readyz.out().strip().equals("ok")) {
          return;
        }
        last = readyz;
      }
      Thread.sleep(250);
    }
    process.assertAlive();
    throw new AssertionError("kube4j server not ready within " + READY_TIMEOUT + "; last: " + last
        + "\n--- its log:\n" + process.logTail());
  }

  /** {@code binary} pointed at this server (skips the calling test when the binary is unavailable). */
  public Kubectl kubectl(KubectlBinary binary) {
    return new Kubectl(binary, kubeconfig, workDir);
  }

  /** The admin kubeconfig the server wrote. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String logTail() {
    return process.logTail();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      // It stopped on its own (a fatal error): its log says why, and the temporary directory may not be kept.
      System.out.println("kube4j server had exited before the end of its test class; its log:\n" + process.logTail());
    }
    process.close();
  }
}
