package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SIGTERM and SIGINT reach the shutdown hook, which closes the readiness chain and so every component. */
class ShutdownOnSignalIT {

  @ParameterizedTest(name = "SIG{0} exits with {1}")
  @CsvSource({"TERM, 143", "INT, 130"})
  void aSignalClosesTheChainBeforeTheJvmExits(String signal, int exitCode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A JVM keeps ignoring SIGINT when it starts with it ignored, as every child of a background
    // job of a non-interactive shell does (bin/test run with '&'): env restores the default first.
    Process process = new ProcessBuilder("env", "--default-signal=INT,TERM", java, "-cp", System.getProperty("java.class.path"), SignalProbe.class.getName())
        .redirectErrorStream(true)
        .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        reader.lines().forEach(output::add);
      } catch (Exception ignored) {
        // the process ended
      }
    });
    try {
      Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> output.contains("probe ready") || !process.isAlive());
      assertThat(output).as("probe output").contains("probe started", "probe ready");

      // kill(1), not Process.destroy(): that would also close our end of the pipe and lose what
      // the hooks print.
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited after SIG" + signal).isTrue();

      assertThat(process.exitValue()).isEqualTo(exitCode);
      Awaitility.await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(String.join("\n", output))
          .contains("Shutting down probe chain", "probe closed", "Stopped probe", "Stopped probe chain"));
    } finally {
      process.destroyForcibly();
    }
  }
}
