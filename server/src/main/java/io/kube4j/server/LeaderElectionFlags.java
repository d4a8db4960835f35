package io.kube4j.server;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The leader-election flags kube-scheduler and kube-controller-manager share, with their names and
 * defaults, as a picocli mixin. Mutable only while picocli parses.
 */
final class LeaderElectionFlags {

  @Option(names = "--leader-elect", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      description = "Elect a leader among replicas before working (default: ${DEFAULT-VALUE}).")
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

  /** The settings these flags give (unchecked: see {@link LeaderElectionSettings#problem()}). */
  LeaderElectionSettings settings() {
    return new LeaderElectionSettings(leaderElect, leaseDuration, renewDeadline, retryPeriod);
  }
}
