package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree as {@code main} runs it, minus {@code System.exit}. */
class Kube4jTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void versionPrintsTheKube4jVersionAndTheJavaRuntime() {
    assertThat(run("version")).isZero();
    assertThat(out.toString())
        .startsWith("kube4j " + Kube4jVersion.version() + System.lineSeparator())
        .contains("java " + Runtime.version());
  }

  @Test
  void subcommandsAreTheComponentsServerAndVersion() {
    assertThat(Kube4j.commandLine().getSubcommands()).containsOnlyKeys(
        "store", "apiserver", "scheduler", "controller-manager", "kubelet", "hollow-nodes", "images", "server", "version");
  }

  @Test
  void noSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand");
  }

  @Test
  void badStoreFlagsAreUsageErrorsBeforeAnythingStarts() {
    assertThat(run("store", "--heartbeat-interval", "100", "--election-timeout", "200")).isEqualTo(2);
    assertThat(err.toString()).contains("should be at least as 5 times as --heartbeat-interval[100ms]");

    assertThat(run("store", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void storeHelpListsEtcdFlags() {
    assertThat(run("store", "--help")).isZero();
    assertThat(out.toString()).contains(
        "--name", "--data-dir", "--listen-client-urls", "--advertise-client-urls", "--listen-peer-urls",
        "--initial-advertise-peer-urls", "--initial-cluster", "--initial-cluster-state", "--initial-cluster-token",
        "--auto-compaction-mode", "--auto-compaction-retention", "--quota-backend-bytes", "--max-request-bytes",
        "--max-txn-ops", "--snapshot-count", "--heartbeat-interval", "--election-timeout", "--join");
  }
}
