package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.scheduler.config.ConfigException;
import io.kube4j.scheduler.core.Profile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code kube4j scheduler --config}: the file's profiles, kubeconfig and leader election, the
 * leader-election flags given on the command line over the file (upstream's precedence), a bad
 * file failing with the loader's message and exit code 1, and {@code kube4j server
 * --kube-scheduler-arg}.
 */
class SchedulerConfigFlagsTest {

  private static final String HEADER = "apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n";

  @TempDir Path dir;

  private Path file(String body) throws Exception {
    Path f = Files.createTempFile(dir, "sched", ".yaml");
    Files.writeString(f, HEADER + body);
    return f;
  }

  private static SchedulerSubcommand parse(String... args) {
    CommandLine.ParseResult result = Kube4j.commandLine().parseArgs(args);
    return (SchedulerSubcommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void theFilesProfilesKubeconfigAndLeaderElectionAreRead() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kc.yaml"), "apiVersion: v1\nkind: Config\n");
    Path config = file("""
        clientConnection:
          kubeconfig: %s
        leaderElection:
          leaderElect: false
          leaseDuration: 30s
          renewDeadline: 20s
          retryPeriod: 5s
        profiles:
        - schedulerName: default-scheduler
        - schedulerName: bin-packer
          plugins:
            score:
              disabled:
              - name: NodeResourcesBalancedAllocation
        """.formatted(kubeconfig));

    SchedulerConfigFile read = SchedulerConfigFile.read(config);
    assertThat(read.profiles()).extracting(Profile::schedulerName).containsExactly("default-scheduler", "bin-packer");
    assertThat(read.kubeconfig()).isEqualTo(kubeconfig);

    SchedulerSubcommand cmd = parse("scheduler", "--config", config.toString(), "--secure-port=0");
    SchedulerComponent component = cmd.component(null);
    assertThat(component.election()).isEqualTo(
        new LeaderElectionSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(5)));
  }

  record PrecedenceCase(String name, List<String> flags, LeaderElectionSettings want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<PrecedenceCase> precedence() {
    return Stream.of(
        new PrecedenceCase("no flags: the file", List.of(),
            new LeaderElectionSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(5))),
        new PrecedenceCase("given flags win, the rest from the file",
            List.of("--leader-elect=true", "--leader-elect-lease-duration=45s"),
            new LeaderElectionSettings(true, Duration.ofSeconds(45), Duration.ofSeconds(20), Duration.ofSeconds(5))),
        new PrecedenceCase("a flag given with its default value still wins", List.of("--leader-elect-retry-period=2s"),
            new LeaderElectionSettings(false, Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(2))));
  }

  @ParameterizedTest
  @MethodSource("precedence")
  void leaderElectionFlagsGivenOnTheCommandLineOverrideTheFile(PrecedenceCase c) throws Exception {
    Path config = file("""
        leaderElection:
          leaderElect: false
          leaseDuration: 30s
          renewDeadline: 20s
          retryPeriod: 5s
        """);
    Path kubeconfig = Files.writeString(dir.resolve("kc.yaml"), "apiVersion: v1\nkind: Config\n");
    List<String> args = new java.util.ArrayList<>(List.of("scheduler", "--config", config.toString(),
        "--kubeconfig", kubeconfig.toString()));
    args.addAll(c.flags());
    SchedulerSubcommand cmd = parse(args.toArray(String[]::new));
    assertThat(cmd.election(SchedulerConfigFile.read(config))).isEqualTo(c.want());
  }

  @Test
  void withoutLeaderElectionInTheFileTheFlagDefaultsApply() throws Exception {
    Path config = file("profiles:\n- schedulerName: default-scheduler\n");
    SchedulerSubcommand cmd = parse("scheduler", "--config", config.toString());
    assertThat(cmd.election(SchedulerConfigFile.read(config))).isEqualTo(LeaderElectionSettings.defaults());
  }

  record BadFile(String name, String body, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadFile> badFiles() {
    return Stream.of(
        new BadFile("unknown plugin", "profiles:\n- schedulerName: s\n  plugins:\n    filter:\n      enabled:\n      - name: NoSuchPlugin\n",
            "NoSuchPlugin"),
        new BadFile("duplicate scheduler names", "profiles:\n- schedulerName: a\n- schedulerName: a\n",
            "profiles[1].schedulerName: Duplicate value: \"a\""),
        new BadFile("bad lease duration", "leaderElection:\n  leaseDuration: soon\n",
            "leaderElection.leaseDuration: Invalid value: \"soon\""));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void aBadFileStopsTheCommandWithTheLoadersMessageAndExitCode1(BadFile c) throws Exception {
    Path config = file(c.body());
    assertThatThrownBy(() -> SchedulerConfigFile.read(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(c.message());

    StringWriter err = new StringWriter();
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("scheduler", "--config", config.toString(), "--secure-port=0")).isEqualTo(1);
    assertThat(err.toString()).contains(c.message());
  }

  @Test
  void aWrongKindIsRefusedWithTheLoadersMessage() throws Exception {
    Path config = Files.writeString(dir.resolve("wrong.yaml"), "apiVersion: v1\nkind: Pod\n");
    assertThatThrownBy(() -> SchedulerConfigFile.read(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no kind \"Pod\" is registered for version \"v1\"");
  }

  @Test
  void withNeitherConfigNorKubeconfigTheCommandFailsWithAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("scheduler", "--secure-port=0")).isEqualTo(2);
    assertThat(err.toString()).contains("--kubeconfig");
  }

  @Test
  void serverPassesKubeSchedulerArgsToTheSchedulersFlags() {
    SchedulerSubcommand flags = ServerSubcommand.Components.schedulerFlags(
        List.of("leader-elect=false", "leader-elect-lease-duration=20s", "secure-port=0", "--bind-address=0.0.0.0"));
    assertThat(flags.election()).isEqualTo(
        new LeaderElectionSettings(false, Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    assertThat(flags.securePort).isZero();
    assertThat(flags.bindAddress).isEqualTo("0.0.0.0");

    ServerSubcommand server = (ServerSubcommand) Kube4j.commandLine()
        .parseArgs("server", "--kube-scheduler-arg", "leader-elect=false", "--kube-scheduler-arg=config=/x.yaml")
        .subcommand().commandSpec().userObject();
    assertThat(server.kubeSchedulerArgs).containsExactly("leader-elect=false", "config=/x.yaml");
  }

  @Test
  void theSchedulerServesOnUpstreamsPortOnLoopbackByDefault() {
    SchedulerSubcommand cmd = parse("scheduler", "--kubeconfig", "/k.yaml");
    assertThat(cmd.securePort).isEqualTo(10259);
    assertThat(cmd.bindAddress).isEqualTo("127.0.0.1");
  }
}
