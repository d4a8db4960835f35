package io.kube4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A few lines describing where the figures were measured: CPU, memory, disk, software versions. */
public final class MachineInfo {
  private MachineInfo() {}

  static String describe(BenchOptions options) {
    return describeHost(options.workDir())
        + "- etcd: " + firstLine(options.etcdBinary().toString(), "--version") + ", default flags (fsync'ing WAL)\n"
        + "- kube4j: bin/kube4j store, KUBE4J_JAVA_OPTS=" + System.getenv().getOrDefault("KUBE4J_JAVA_OPTS", "(unset)") + "\n"
        + "- client: jetcd-core " + jetcdVersion() + " for both targets, server and harness on the same machine\n";
  }

  /** The machine lines shared by every harness: CPU, memory, where {@code workDir} lives, OS, JVM. */
  public static String describeHost(Path workDir) {
    return "- CPU: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + "\n"
        + "- memory: " + memTotal() + "\n"
        + "- data directories on: " + filesystemOf(workDir) + "\n"
        + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
        + "- harness JVM: " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")\n";
  }

  /** The version of jetcd-core the harness was built with. */
  public static String jetcdVersionName() {
    return jetcdVersion();
  }

  private static String cpuModel() {
    return readLines("/proc/cpuinfo").stream().filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown model");
  }

  private static String memTotal() {
    return readLines("/proc/meminfo").stream().filter(line -> line.startsWith("MemTotal:"))
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 + " MiB").findFirst().orElse("unknown");
  }

  /** The file system type and device of the longest mount point containing {@code dir}. */
  private static String filesystemOf(Path dir) {
    String path = dir.toAbsolutePath().normalize().toString();
    String best = "unknown";
    int bestLength = -1;
    for (String line : readLines("/proc/mounts")) {
      String[] fields = line.split(" ");
      if (fields.length < 3) {
        continue;
      }
      String mount = fields[1];
      boolean contains = path.equals(mount) || path.startsWith(mount.endsWith("/") ? mount : mount + "/");
      if (contains && mount.length() > bestLength) {
        bestLength = mount.length();
        best = fields[2] + " (" + fields[0] + " on " + mount + ")";
      }
    }
    return path + ", " + best;
  }

  private static String jetcdVersion() {
    try (var in = MachineInfo.class.getResourceAsStream("/bench.properties")) {
      java.util.Properties properties = new java.util.Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("jetcd.version", "(unknown version)");
    } catch (IOException e) {
      return "(unknown version)";
    }
  }

  private static String firstLine(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      return output.lines().findFirst().orElse("(no output)").strip();
    } catch (IOException e) {
      return "(not runnable: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  private static List<String> readLines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of();
    }
  }
}
