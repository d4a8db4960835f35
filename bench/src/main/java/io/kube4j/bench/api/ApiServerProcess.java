package io.kube4j.bench.api;

import io.kube4j.bench.Directories;
import io.kube4j.bench.FreePorts;
import io.kube4j.bench.MemberProcess;
import io.kube4j.bench.ProcessReaper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One {@code bin/kube4j server} (embedded store and apiserver) on loopback random ports in a fresh
 * temporary directory, started as a child process and registered with the {@link ProcessReaper}.
 * {@link #start} returns once the admin kubeconfig exists and {@code /readyz} answers 200.
 *
 * <p>Not thread-safe. {@link #close()} stops the process tree and deletes the directory, except
 * after a failed start, when the directory (with {@code server.log}) is kept for reading.
 */
public final class ApiServerProcess implements AutoCloseable {
  private static final long STOP_GRACE_MILLIS = 15_000;
  /** The first "used NK" of {@code jcmd GC.heap_info} is the whole heap's (G1, Parallel, Serial, ZGC alike). */
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private final Path dir;
  private final Process process;
  private final URI storeClientUrl;

  private ApiServerProcess(Path dir, Process process, URI storeClientUrl) {
    this.dir = dir;
    this.process = process;
    this.storeClientUrl = storeClientUrl;
  }

  /**
   * Starts the server and waits until it serves.
   *
   * @throws IOException when it exits, or is not ready within {@code timeout}; the log's tail is in
   *     the message and the directory is kept
   */
  static ApiServerProcess start(Path launcher, Path workRoot, Duration timeout) throws IOException, InterruptedException {
    return start(launcher, workRoot, timeout, List.of());
  }

  /** As {@link #start(Path, Path, Duration)}, with more {@code kube4j server} flags. */
  public static ApiServerProcess start(Path launcher, Path workRoot, Duration timeout, List<String> serverFlags)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(launcher)) {
      throw new IOException(launcher + " does not exist or is not executable");
    }
    Files.createDirectories(workRoot);
    Path dir = Files.createTempDirectory(workRoot, "apiserver-");
    ProcessReaper.deleteOnAbort(dir);
    List<Integer> ports = FreePorts.pick(3);
    URI storeClient = URI.create("http://127.0.0.1:" + ports.get(1));
    List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "server",
        "--data-dir", dir.resolve("data").toString(),
        "--secure-port", ports.get(0).toString(),
        "--bind-address", "127.0.0.1",
        "--store-client-url", storeClient.toString(),
        "--store-peer-url", "http://127.0.0.1:" + ports.get(2)));
    command.addAll(serverFlags);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    // KUBE4J_JAVA_OPTS is inherited as it is; the run script has built the distribution.
    builder.environment().put("KUBE4J_NO_BUILD", "1");
    Process process = builder.start();
    ProcessReaper.register(process.toHandle());
    ApiServerProcess server = new ApiServerProcess(dir, process, storeClient);
    try {
      server.awaitReady(timeout);
      return server;
    } catch (IOException | RuntimeException | InterruptedException e) {
      ProcessReaper.stop(process.toHandle(), STOP_GRACE_MILLIS);
      ProcessReaper.keep(dir);
      throw new IOException("kube4j server did not start: " + e.getMessage() + "\n  logs kept in " + dir
          + "\n  last lines of server.log:\n" + server.logTail(25).indent(4), e);
    }
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no kubeconfig yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("it exited with code " + process.exitValue());
      }
      if (Files.exists(kubeconfigPath())) {
        try (ApiClient probe = new ApiClient(kubeconfig(), 1, Duration.ofSeconds(2))) {
          probe.call("GET", "/readyz", null);
          return;
        } catch (IOException | IllegalArgumentException e) {
          last = e.toString(); // kubeconfig half-written, or not ready yet
        }
      }
      Thread.sleep(200);
    }
    throw new IOException("not ready after " + timeout.toSeconds() + " s (last: " + last + ")");
  }

  public Path kubeconfigPath() {
    return dir.resolve("data").resolve("kubeconfig.yaml");
  }

  AdminKubeconfig kubeconfig() throws IOException {
    return AdminKubeconfig.read(kubeconfigPath());
  }

  /** The embedded store's etcd v3 API (plain HTTP on loopback). */
  URI storeClientUrl() {
    return storeClientUrl;
  }

  /** The server's JVM: the launcher itself when it exec'd java (it does), else its java child. */
  public ProcessHandle jvm() {
    ProcessHandle root = process.toHandle();
    return Stream.concat(Stream.of(root), root.descendants())
        .filter(handle -> handle.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst().orElse(root);
  }

  /** VmRSS of the server's process tree, in KiB. */
  public long rssKiB() {
    ProcessHandle root = process.toHandle();
    return Stream.concat(Stream.of(root), root.descendants())
        .mapToLong(handle -> MemberProcess.statusKiB(handle.pid(), "VmRSS:")).sum();
  }

  /** Runs a full GC in the server ({@code jcmd GC.run}) and returns the heap then in use, in KiB. */
  public long heapAfterGcKiB() throws IOException, InterruptedException {
    return heapAfterGcKiB(jvm().pid());
  }

  /** Runs a full GC in the JVM {@code pid} ({@code jcmd GC.run}) and returns the heap then in use, in KiB. */
  public static long heapAfterGcKiB(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    return parseHeapUsedKiB(jcmd(pid, "GC.heap_info"));
  }

  /** The heap in use from {@code jcmd GC.heap_info} output, in KiB. */
  static long parseHeapUsedKiB(String heapInfo) {
    Matcher used = HEAP_USED.matcher(heapInfo);
    if (!used.find()) {
      throw new IllegalArgumentException("no \"used NK\" in jcmd GC.heap_info output: " + heapInfo.strip());
    }
    return Long.parseLong(used.group(1));
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
      run.destroyForcibly();
      throw new IOException("jcmd " + pid + " " + command + " failed: " + output.strip());
    }
    return output;
  }

  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("server.log"), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(server.log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    ProcessReaper.stop(process.toHandle(), STOP_GRACE_MILLIS);
    Directories.deleteRecursively(dir);
    ProcessReaper.keep(dir);
  }

  /** For the report: which JVM options the server ran with. */
  static String javaOpts() {
    return Map.copyOf(System.getenv()).getOrDefault("KUBE4J_JAVA_OPTS", "(unset)");
  }
}
