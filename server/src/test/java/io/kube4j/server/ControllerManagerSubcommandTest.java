package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.controllers.machinery.ControllerOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kube4j controller-manager}'s flags: upstream's names and defaults, refusals with their reasons. */
class ControllerManagerSubcommandTest {

  private final StringWriter err = new StringWriter();

  private static ControllerManagerSubcommand parse(String... args) {
    CommandLine.ParseResult result = Kube4j.commandLine().parseArgs(args);
    return (ControllerManagerSubcommand) result.subcommand().commandSpec().userObject();
  }

  private int run(String... args) {
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void defaultsAreKubeControllerManagers() {
    ControllerManagerSubcommand cmd = parse("controller-manager", "--kubeconfig", "/k.yaml");
    assertThat(cmd.controllers).isEqualTo("*");
    assertThat(cmd.leaderElection.settings()).isEqualTo(LeaderElectionSettings.defaults());
    assertThat(cmd.options()).isEqualTo(ControllerOptions.defaults());
  }

  @Test
  void durationsAndThresholdsComeFromTheirFlags() {
    ControllerManagerSubcommand cmd = parse("controller-manager", "--kubeconfig", "/k.yaml", "--node-monitor-period=1s",
        "--node-monitor-grace-period", "20s", "--node-startup-grace-period=2m", "--terminated-pod-gc-threshold=10",
        "--concurrent-syncs=2", "--min-resync-period=1h", "--kube-api-qps=100.5", "--kube-api-burst=200");
    ControllerOptions o = cmd.options();
    assertThat(o.nodeMonitorPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.nodeMonitorGracePeriod()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.nodeStartupGracePeriod()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.terminatedPodGcThreshold()).isEqualTo(10);
    assertThat(o.concurrentSyncs()).isEqualTo(2);
    assertThat(o.minResyncPeriod()).isEqualTo(Duration.ofHours(1));
    assertThat(o.kubeApiQps()).isEqualTo(100.5);
    assertThat(o.kubeApiBurst()).isEqualTo(200);
  }

  @Test
  void anUnknownControllerIsAUsageError(@TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
    assertThat(run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--controllers=*,-nosuch")).isEqualTo(2);
    assertThat(err.toString()).contains("--controllers: \"nosuch\" is not in the list of known controllers");
  }

  @Test
  void theKubeconfigIsRequiredAlone() {
    assertThat(run("controller-manager", "--leader-elect=false")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--kubeconfig=FILE'");
  }

  @Test
  void inconsistentElectionTimingsAreRefused(@TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
    assertThat(run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--leader-elect-lease-duration=5s")).isEqualTo(2);
    assertThat(err.toString()).contains("--leader-elect-lease-duration (5s) must be greater than --leader-elect-renew-deadline (10s)");
  }

  @Test
  void podCidrAllocationComesFromItsFlags() {
    ControllerManagerSubcommand cmd = parse("controller-manager", "--kubeconfig", "/k.yaml", "--allocate-node-cidrs",
        "--cluster-cidr=10.42.0.0/16", "--node-cidr-mask-size=25");
    assertThat(cmd.options().nodeCidrs()).isEqualTo(new ControllerOptions.NodeCidrs(true, "10.42.0.0/16", 25));
  }

  @Test
  void allocationWithoutAUsableClusterCidrIsAUsageError(@TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("k.yaml"), "apiVersion: v1\nkind: Config\n");
    assertThat(run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--allocate-node-cidrs")).isEqualTo(2);
    assertThat(err.toString()).contains("--allocate-node-cidrs needs --cluster-cidr");
    assertThat(run("controller-manager", "--kubeconfig", kubeconfig.toString(), "--allocate-node-cidrs",
        "--cluster-cidr=10.42.0.0/24")).isEqualTo(2);
    assertThat(err.toString()).contains("must be longer than the cluster CIDR's 24");
  }

  @Test
  void theServerAllocatesPodCidrsFromItsClusterCidrUnlessTold() {
    ServerSubcommand server = new ServerSubcommand();
    assertThat(server.withNodeCidrs(List.of("concurrent-syncs=2")))
        .containsExactly("allocate-node-cidrs=true", "cluster-cidr=10.42.0.0/16", "concurrent-syncs=2");
    assertThat(server.withNodeCidrs(List.of("allocate-node-cidrs=false", "--cluster-cidr=10.1.0.0/16")))
        .containsExactly("allocate-node-cidrs=false", "--cluster-cidr=10.1.0.0/16");
  }
}
