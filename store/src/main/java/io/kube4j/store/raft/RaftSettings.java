package io.kube4j.store.raft;

import io.kube4j.store.StoreConfig;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * Every Ratis setting the store depends on, set deliberately rather than left to Ratis' defaults
 * (several of which would break etcd's guarantees). Read this class as the durability and
 * consistency contract of the Raft layer.
 */
final class RaftSettings {
  private RaftSettings() {}

  static RaftProperties serverProperties(StoreConfig config, RaftTuning tuning, File storageDir) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(storageDir));

    // --- Durability. An entry counts toward the commit index only once fsynced: the leader counts its
    // own flush index (not its write index) in the majority (Ratis 3.3 LeaderStateImpl.updateCommit:
    // getMajorityMin(FollowerInfo::getMatchIndex, raftLog::getFlushIndex)), the log worker advances the
    // flush index only after FileChannel.force (SegmentedRaftLogWorker.flushIfNecessary), and
    // followers ack only flushed entries. So in a one-member group "committed" means "fsynced locally"
    // (etcd bug #14370 cannot happen here; SingleMemberIT pins it). Unsafe flush would advance the flush
    // index before the force completes: it stays off, as does async flush.
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
    RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
    // Group commit: the log worker fsyncs when its queue runs dry or after this many entries, so one
    // fsync covers every entry that arrived while the previous one was running.
    RaftServerConfigKeys.Log.setForceSyncNum(p, 128);
    // A torn or corrupt log entry stops the member instead of silently dropping acknowledged writes
    // (a partial last entry after a crash is still ignored: it was never acknowledged).
    RaftServerConfigKeys.Log.setCorruptionPolicy(p, RaftServerConfigKeys.Log.CorruptionPolicy.EXCEPTION);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(tuning.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p,
        SizeInBytes.valueOf(Math.min(4L * 1024 * 1024, tuning.logSegmentBytes())));
    // A follower appends every AppendEntries directly to its log, in arrival order. Ratis 3.3's default
    // "compose" path chains appends asynchronously and treats a request whose first index is already
    // being appended as done once that earlier append completes, however many more entries it carries;
    // the reply still acknowledges the longer request's last index. A leader resending a longer batch
    // from the same index (it does after an INCONSISTENCY reset, e.g. to a member restarted behind it)
    // then records a match index past the follower's real log end and, preferring matchIndex + 1 over the
    // follower's hint, never resends the missing entries: the member stays "leader unknown" until the
    // leader changes (ClusterE2E seed 33242828523654; FollowerAppendIT). The direct path is Ratis'
    // older synchronous RaftLog.append: it skips entries it already holds and truncates on a conflict, so
    // every index a follower acknowledges is in its log.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);

    // --- Sizes: the largest request must fit one append batch, the write buffer and a gRPC message.
    long maxEntry = Math.max(config.maxRequestBytes(), 1) + 64 * 1024L;
    long appendBatch = Math.max(4L * 1024 * 1024, 2 * maxEntry);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(appendBatch));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(Math.max(8L * 1024 * 1024, appendBatch + 8)));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(Math.max(64L * 1024 * 1024, 2 * appendBatch)));
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf(16L * 1024 * 1024));

    // --- Latency. Ratis' gRPC log appender sleeps until wait-time.min (default 10 ms) has passed since
    // its last AppendEntries to a follower before sending the next one, heartbeats included. With three
    // members a put arriving within 10 ms of the previous send waited for that before it was even
    // replicated: one client's put p50 was ~21 ms against ~11 ms at 0 and ~10 ms at 1 ms (3 processes,
    // loaded 2-core machine; in bench/run-store-bench.sh, 3 members, 1 client: 30-32 puts/s at 10 ms,
    // 34-45 at 1 ms). At 0 a follower's single linearizable reads got slower (p50 3.6 vs 1.7 ms):
    // 1 ms keeps most of the put gain while still bounding how fast the appender re-sends. Entries that
    // arrive meanwhile still go out together in one append. Durability and consistency are untouched:
    // this only changes when an append is sent, not what is acknowledged or when it counts as committed.
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ONE_MILLISECOND);

    // --- Snapshots and log purge: a snapshot every snapshot-count applied entries, then the log behind
    // it goes, except catch-up entries for briefly lagging followers (further behind: snapshot install).
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, Math.max(1, config.snapshotCount()));
    RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.max(1, Math.min(1024, config.snapshotCount())));
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // No snapshot at shutdown: a restart replays the log tail exactly as a restart after a crash does,
    // so the path every restart takes is the one a crash needs (and close stays fast).
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
    RaftServerConfigKeys.Snapshot.setTriggerWhenRemoveEnabled(p, false);
    // Purge up to the snapshot even when a follower is down: its log position must not pin ours forever.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, Math.max(0, tuning.catchUpEntries()));
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, config.snapshotCount())));
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);

    // --- Reads. LINEARIZABLE makes every read request go through ReadIndex (on a follower: asked of the
    // leader), then wait until applied here. The leader lease is off, as etcd's default ReadOnlySafe:
    // each ReadIndex is confirmed by a heartbeat quorum instead of trusting clock rates.
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
    RaftServerConfigKeys.Read.setLeaderHeartbeatCheckEnabled(p, true);
    RaftServerConfigKeys.Read.ReadIndex.setType(p, RaftServerConfigKeys.Read.ReadIndex.Type.COMMIT_INDEX);
    RaftServerConfigKeys.Read.setTimeout(p, duration(requestTimeout(config, tuning)));

    // --- Elections, in etcd's terms: a randomized timeout in [election, 2 x election); Ratis sends
    // heartbeats at half the minimum. Pre-vote keeps a rejoining member from deposing a healthy leader.
    Duration election = config.electionTimeout();
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(election));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(election.multipliedBy(2)));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, duration(config.heartbeatInterval().multipliedBy(2)));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, duration(election));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(election.multipliedBy(3)));
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, duration(election.multipliedBy(5)));
    RaftServerConfigKeys.setStagingTimeout(p, duration(election.multipliedBy(10)));

    // --- Network: one port for Raft peers, Ratis clients and admin calls.
    URI listen = config.listenPeerUrls().getFirst();
    GrpcConfigKeys.Server.setHost(p, listen.getHost());
    GrpcConfigKeys.Server.setPort(p, listen.getPort());
    return p;
  }

  static RaftProperties clientProperties(StoreConfig config, RaftTuning tuning) {
    RaftProperties p = new RaftProperties();
    // One attempt of a forwarded proposal; the Proposer retries within the whole request timeout.
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, duration(attemptTimeout(config)));
    long maxEntry = Math.max(config.maxRequestBytes(), 1) + 64 * 1024L;
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(Math.max(64L * 1024 * 1024, 4 * maxEntry)));
    return p;
  }

  /** How long one attempt to reach the leader may take before trying again. */
  static Duration attemptTimeout(StoreConfig config) {
    Duration three = config.electionTimeout().multipliedBy(3);
    return three.compareTo(Duration.ofSeconds(1)) > 0 ? three : Duration.ofSeconds(1);
  }

  /** etcd's request timeout: 5 s plus twice the election timeout, unless tuned. */
  static Duration requestTimeout(StoreConfig config, RaftTuning tuning) {
    if (!tuning.requestTimeout().isZero()) {
      return tuning.requestTimeout();
    }
    return Duration.ofSeconds(5).plus(config.electionTimeout().multipliedBy(2));
  }

  static TimeDuration duration(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
