package io.kube4j.server;

import java.time.Duration;

/**
 * How a control-plane component elects its leader, with kube-scheduler's flag defaults: a lease
 * held 15 s, renewed within 10 s, retried every 2 s.
 *
 * @param enabled whether to elect at all ({@code --leader-elect}); without it the component simply runs
 * @param leaseDuration how long non-leaders wait after the last renewal before taking over
 * @param renewDeadline how long the leader keeps retrying a renewal before it gives up leading
 * @param retryPeriod how often candidates try to acquire, and the leader to renew
 */
public record LeaderElectionSettings(boolean enabled, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
  /** client-go's leader election jitter: renewals must fit retries with this much slack. */
  static final double JITTER_FACTOR = 1.2;

  /** Leader election on, upstream's timings. */
  public static LeaderElectionSettings defaults() {
    return new LeaderElectionSettings(true, DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD);
  }

  /**
   * The first inconsistency client-go's leader election would refuse, or {@code null} when the
   * timings can work; checked even when election is off, as upstream validates the flags alike.
   */
  public String problem() {
    if (!leaseDuration.isPositive() || !renewDeadline.isPositive() || !retryPeriod.isPositive()) {
      return "--leader-elect-lease-duration, --leader-elect-renew-deadline and --leader-elect-retry-period must be greater than zero";
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      return "--leader-elect-lease-duration (" + GoDuration.format(leaseDuration)
          + ") must be greater than --leader-elect-renew-deadline (" + GoDuration.format(renewDeadline) + ")";
    }
    if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
      return "--leader-elect-renew-deadline (" + GoDuration.format(renewDeadline)
          + ") must be greater than " + JITTER_FACTOR + " x --leader-elect-retry-period (" + GoDuration.format(retryPeriod) + ")";
    }
    return null;
  }
}
