package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code kube4j scheduler}'s flags: upstream's names, defaults, Go durations and client-go's timing rules. */
class SchedulerSubcommandTest {

  private final StringWriter err = new StringWriter();

  private static SchedulerSubcommand parse(String... args) {
    CommandLine root = Kube4j.commandLine();
    CommandLine.ParseResult result = root.parseArgs(args);
    return (SchedulerSubcommand) result.subcommand().commandSpec().userObject();
  }

  private int run(String... args) {
    CommandLine cmd = Kube4j.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter(), true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void defaultsAreKubeSchedulers() {
    SchedulerSubcommand cmd = parse("scheduler", "--kubeconfig", "/k.yaml");
    assertThat(cmd.kubeconfig).isEqualTo(Path.of("/k.yaml"));
    assertThat(cmd.election()).isEqualTo(LeaderElectionSettings.defaults());
    assertThat(LeaderElectionSettings.defaults()).isEqualTo(
        new LeaderElectionSettings(true, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)));
  }

  record FlagCase(String[] args, LeaderElectionSettings want) {
    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  static Stream<FlagCase> flagCases() {
    return Stream.of(
        new FlagCase(new String[] {"--leader-elect=false"},
            new LeaderElectionSettings(false, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2))),
        new FlagCase(new String[] {"--leader-elect"}, LeaderElectionSettings.defaults()),
        new FlagCase(new String[] {"--leader-elect=true", "--leader-elect-lease-duration", "1m30s",
            "--leader-elect-renew-deadline=45s", "--leader-elect-retry-period", "500ms"},
            new LeaderElectionSettings(true, Duration.ofSeconds(90), Duration.ofSeconds(45), Duration.ofMillis(500))),
        new FlagCase(new String[] {"--leader-elect-lease-duration=1.5h", "--leader-elect-retry-period=250000us"},
            new LeaderElectionSettings(true, Duration.ofMinutes(90), Duration.ofSeconds(10), Duration.ofMillis(250))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagCases")
  void flagsSetTheElection(FlagCase c) {
    String[] args = Stream.concat(Stream.of("scheduler", "--kubeconfig", "k"), Stream.of(c.args())).toArray(String[]::new);
    assertThat(parse(args).election()).isEqualTo(c.want());
  }

  @Test
  void aDurationWithoutAUnitIsAUsageError() {
    assertThat(run("scheduler", "--kubeconfig", "k", "--leader-elect-lease-duration", "15")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid duration \"15\"");
  }

  @Test
  void goDurationsParseAsGoDoes() {
    assertThat(GoDuration.parse("0")).isZero();
    assertThat(GoDuration.parse("2h45m")).isEqualTo(Duration.ofMinutes(165));
    assertThat(GoDuration.parse(".5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(GoDuration.parse("10ns")).isEqualTo(Duration.ofNanos(10));
    for (String bad : new String[] {"", "s", "-1s", "1x", "1s ", "1d"}) {
      assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class);
    }
  }

  @Test
  void leaseNotLongerThanTheRenewDeadlineIsRefusedBeforeAnythingStarts() {
    assertThat(run("scheduler", "--kubeconfig", "/nonexistent", "--leader-elect-lease-duration=10s")).isEqualTo(2);
    assertThat(err.toString()).contains("--leader-elect-lease-duration (10s) must be greater than --leader-elect-renew-deadline (10s)");
  }

  @Test
  void renewDeadlineMustLeaveRoomForJitteredRetries() {
    assertThat(run("scheduler", "--kubeconfig", "/nonexistent", "--leader-elect-retry-period=9s")).isEqualTo(2);
    assertThat(err.toString()).contains("--leader-elect-renew-deadline (10s) must be greater than 1.2 x --leader-elect-retry-period (9s)");
  }

  @Test
  void aMissingKubeconfigIsAUsageError() {
    assertThat(run("scheduler")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--kubeconfig=FILE'");

    assertThat(run("scheduler", "--kubeconfig", "/nonexistent/kubeconfig.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("/nonexistent/kubeconfig.yaml is not a readable file");
  }
}
