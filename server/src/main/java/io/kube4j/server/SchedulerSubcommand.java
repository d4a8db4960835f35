package io.kube4j.server;

import io.kube4j.scheduler.core.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kube4j scheduler}: the scheduler alone against any apiserver, with kube-scheduler's flag
 * names and defaults. With {@code --leader-elect} (the default) only the holder of the Lease
 * {@code kube-system/kube-scheduler} schedules; losing it ends the process with exit code 1.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    versionProvider = Kube4jVersion.class,
    description = "Run the scheduler alone against an apiserver.")
final class SchedulerSubcommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SchedulerSubcommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "FILE", required = true, description = "Kubeconfig with the apiserver's address and credentials.")
  Path kubeconfig;

  @Option(names = "--leader-elect", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Elect a leader among replicas before scheduling (default: ${DEFAULT-VALUE}).")
  boolean leaderElect = true;

  @Option(names = "--leader-elect-lease-duration", paramLabel = "DURATION", defaultValue = "15s", converter = GoDuration.class,
      description = "How long standbys wait after the leader's last renewal before taking over (default: ${DEFAULT-VALUE}).")
  Duration leaseDuration = LeaderElectionSettings.DEFAULT_LEASE_DURATION;

  @Option(names = "--leader-elect-renew-deadline", paramLabel = "DURATION", defaultValue = "10s", converter = GoDuration.class,
      description = "How long the leader retries renewing before it stops leading (default: ${DEFAULT-VALUE}).")
  Duration renewDeadline = LeaderElectionSettings.DEFAULT_RENEW_DEADLINE;

  @Option(names = "--leader-elect-retry-period", paramLabel = "DURATION", defaultValue = "2s", converter = GoDuration.class,
      description = "How often to try to acquire or renew the lease (default: ${DEFAULT-VALUE}).")
  Duration retryPeriod = LeaderElectionSettings.DEFAULT_RETRY_PERIOD;

  /** The election settings these flags give, or a usage error when client-go would refuse them. */
  LeaderElectionSettings election() {
    LeaderElectionSettings settings = new LeaderElectionSettings(leaderElect, leaseDuration, renewDeadline, retryPeriod);
    String problem = settings.problem();
    if (problem != null) {
      throw new ParameterException(spec.commandLine(), problem);
    }
    return settings;
  }

  @Override
  public Integer call() throws Exception {
    LeaderElectionSettings election = election();
    if (!Files.isReadable(kubeconfig)) {
      throw new ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig + " is not a readable file");
    }
    SchedulerComponent scheduler = new SchedulerComponent(() -> kubeconfig, election, Profile::defaults);
    ReadinessChain chain = new ReadinessChain(List.of(scheduler));
    ShutdownHooks.closeOnExit("kube4j scheduler", chain);
    chain.start();
    log.info("kube4j scheduler {} ready (leader election {})", scheduler.identity(), election.enabled() ? "on" : "off");
    String stoppedOnItsOwn = chain.awaitTermination();
    return stoppedOnItsOwn == null ? 0 : 1;
  }
}
