package io.kube4j.store.raft;

import java.time.Duration;

/**
 * Knobs of the Raft layer that etcd has no flag for. The defaults suit production; tests shrink them
 * to see log purges and snapshot installs with a handful of entries, or to run background loops fast.
 *
 * @param logSegmentBytes size at which a Raft log segment is closed; only closed segments are purged
 * @param catchUpEntries entries kept in the log behind each snapshot so a briefly lagging follower
 *     catches up from the log rather than a whole snapshot (etcd keeps 5000)
 * @param requestTimeout how long a proposal or a linearizable read may take before it fails with
 *     {@code Unavailable}; 0 derives etcd's default (5 s plus two election timeouts)
 * @param leaseCheckInterval how often the leader looks for expired leases (etcd: 500 ms)
 * @param revisionCompactionInterval how often revision-mode auto compaction runs (etcd: 5 min)
 */
public record RaftTuning(
    long logSegmentBytes,
    long catchUpEntries,
    Duration requestTimeout,
    Duration leaseCheckInterval,
    Duration revisionCompactionInterval) {

  public static RaftTuning defaults() {
    return new RaftTuning(32L * 1024 * 1024, 5000, Duration.ZERO, Duration.ofMillis(500), Duration.ofMinutes(5));
  }

  public RaftTuning withLog(long logSegmentBytes, long catchUpEntries) {
    return new RaftTuning(logSegmentBytes, catchUpEntries, requestTimeout, leaseCheckInterval,
        revisionCompactionInterval);
  }

  public RaftTuning withIntervals(Duration leaseCheckInterval, Duration revisionCompactionInterval) {
    return new RaftTuning(logSegmentBytes, catchUpEntries, requestTimeout, leaseCheckInterval,
        revisionCompactionInterval);
  }

  public RaftTuning withRequestTimeout(Duration requestTimeout) {
    return new RaftTuning(logSegmentBytes, catchUpEntries, requestTimeout, leaseCheckInterval,
        revisionCompactionInterval);
  }
}
