package io.kube4j.store.raft;

import io.kube4j.store.StoreConfig;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchListener;
import io.kube4j.store.api.WatchRequest;
import io.kube4j.store.mvcc.MvccStore;
import io.kube4j.store.mvcc.RequestValidator;
import io.kube4j.store.mvcc.StoreCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store replicated by Raft: one member of a Ratis group whose state machine is a
 * {@link MvccStore}. Writes go through the replicated log and are acknowledged once applied, which
 * Ratis allows only after the entry is fsynced on a quorum; serializable reads, watches and lease
 * queries are served from the local MVCC state; linearizable reads wait for a ReadIndex first.
 *
 * <p>Storage lives in {@code <data-dir>/raft}. A member whose storage exists restarts from it (the
 * initial-cluster flags are then ignored, as etcd does); otherwise it bootstraps a new cluster
 * ({@code initial-cluster-state=new}) or joins a running one as a member added by MemberAdd
 * ({@code existing}).
 *
 * <p>Thread-safe; every method blocks (meant for virtual threads) for at most the request timeout.
 * {@link #close} stops the background loops, the Raft server and the MVCC store's watches.
 */
public final class RaftKvStore implements KvStore {
  private static final Logger LOG = LoggerFactory.getLogger(RaftKvStore.class);
  /** The etcd version this store answers with in status: the API level it implements. */
  public static final String VERSION = "3.4.0";
  private static final int LEASE_ID_ATTEMPTS = 5;
  /** etcd's answer to a write or a linearizable read sent to a learner. */
  static final String NOT_SUPPORTED_FOR_LEARNER = "etcdserver: rpc not supported for learner";

  private final StoreConfig config;
  private final long memberId;
  private final long clusterId;
  private final RaftGroupId groupId;
  private final MvccStore mvcc;
  private final StoreStateMachine stateMachine;
  private final RaftServer server;
  private final RaftClients clients;
  private final Proposer proposer;
  private final Membership membership;
  private final LeaderLoops loops;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RaftKvStore(StoreConfig config, RaftTuning tuning) throws IOException {
    this.config = config;
    List<String> selfUrls = config.initialAdvertisePeerUrls().stream().map(URI::toString).map(MemberIds::normalize)
        .toList();
    this.memberId = MemberIds.memberId(selfUrls, config.clusterToken());
    this.clusterId = MemberIds.clusterId(config.clusterToken());
    this.groupId = MemberIds.groupId(config.clusterToken());
    AutoCompaction compaction = AutoCompaction.parse(config.autoCompactionMode(), config.autoCompactionRetention(),
        tuning.revisionCompactionInterval());

    Path storage = config.dataDir().resolve("raft");
    Files.createDirectories(storage);
    boolean restarting = Files.isDirectory(storage.resolve(groupId.getUuid().toString()));
    List<RaftPeer> initialPeers = config.initialCluster().values().stream()
        .map(url -> peer(List.of(MemberIds.normalize(url.toString())), config.clusterToken())).toList();
    RaftPeer self = peer(selfUrls, config.clusterToken());
    RaftGroup group = config.bootstrapsNewCluster() ? RaftGroup.valueOf(groupId, initialPeers)
        : RaftGroup.valueOf(groupId);
    if (config.bootstrapsNewCluster() && group.getPeer(self.getId()) == null) {
      throw new IllegalArgumentException("--initial-cluster must contain this member's advertised peer URL "
          + selfUrls + "; it has " + config.initialCluster());
    }

    this.mvcc = new MvccStore(config.quotaBackendBytes());
    MemberTable table = new MemberTable();
    this.stateMachine = new StoreStateMachine(mvcc, table);
    this.server = RaftServer.newBuilder()
        .setServerId(self.getId())
        .setGroup(group)
        .setProperties(RaftSettings.serverProperties(config, tuning, storage.toFile()))
        .setStateMachine(stateMachine)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    Duration timeout = RaftSettings.requestTimeout(config, tuning);
    this.clients = new RaftClients(groupId, RaftSettings.clientProperties(config, tuning), timeout, initialPeers);
    this.proposer = new Proposer(server, groupId, clients.rpc(), stateMachine, timeout,
        RaftSettings.attemptTimeout(config), closed::get);
    this.membership = new Membership(server, groupId, table, proposer, config.clusterToken(), clients::newClient,
        timeout);
    this.loops = new LeaderLoops(mvcc, proposer, this::isLeaderReady, tuning.leaseCheckInterval(), compaction);

    boolean started = false;
    try {
      server.start();
      LOG.info("Member {} ({}) started: {} Raft storage in {}", Long.toHexString(memberId), config.name(),
          restarting ? "existing" : "new", storage);
      if (!config.bootstrapsNewCluster() && !inConfiguration()) {
        List<RaftPeer> others = initialPeers.stream().filter(p -> !p.getId().equals(self.getId())).toList();
        if (others.isEmpty()) {
          throw new IOException("--initial-cluster-state=existing needs the running members in --initial-cluster");
        }
        membership.join(self, others);
      }
      loops.start();
      started = true;
    } finally {
      if (!started) {
        close();
      }
    }
  }

  /** Starts (or restarts) this member with production tuning. */
  public static RaftKvStore open(StoreConfig config) throws IOException {
    return open(config, RaftTuning.defaults());
  }

  public static RaftKvStore open(StoreConfig config, RaftTuning tuning) throws IOException {
    return new RaftKvStore(config, tuning);
  }

  private static RaftPeer peer(List<String> peerUrls, String token) {
    return RaftPeer.newBuilder()
        .setId(MemberIds.peerId(MemberIds.memberId(peerUrls, token)))
        .setAddress(MemberIds.address(peerUrls.getFirst()))
        .build();
  }

  // ------------------------------------------------------------------ identity and leadership

  public long memberId() {
    return memberId;
  }

  public long clusterId() {
    return clusterId;
  }

  /** The Raft term this member is in; cheap, for every response header. */
  public long raftTerm() {
    RaftServer.Division d = divisionOrNull();
    return d == null ? 0 : d.getInfo().getCurrentTerm();
  }

  /** The leader this member knows of, 0 when none. */
  public long leaderId() {
    RaftServer.Division d = divisionOrNull();
    RaftPeerId leader = d == null ? null : d.getInfo().getLeaderId();
    return leader == null ? 0 : MemberIds.memberId(leader);
  }

  public boolean isLeader() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getInfo().isLeader();
  }

  private boolean isLeaderReady() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getInfo().isLeader() && d.getInfo().isLeaderReady();
  }

  /**
   * Waits until this member knows a leader and has applied up to it (a ReadIndex round).
   *
   * @return whether that happened within {@code timeout}
   */
  public boolean awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !closed.get()) {
      if (leaderId() != 0) {
        if (isLearner()) {
          // A learner serves no linearizable read (as etcd); ready once it applied what it knows committed.
          RaftServer.Division d = divisionOrNull();
          if (d != null && d.getInfo().getLastAppliedIndex() >= d.getRaftLog().getLastCommittedIndex()) {
            return true;
          }
        } else {
          try {
            proposer.readBarrier();
            return true;
          } catch (StoreException.Unavailable e) {
            LOG.debug("Not ready yet: {}", e.getMessage());
          }
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Announces this member's name and client URLs to the cluster (etcd's publish at start). */
  public void publish(List<URI> clientUrls) {
    List<String> peers = config.initialAdvertisePeerUrls().stream().map(URI::toString).map(MemberIds::normalize)
        .toList();
    membership.publish(memberId, config.name(), peers, clientUrls.stream().map(URI::toString).toList());
  }

  /** The Raft server, for tests that look at the log. */
  RaftServer.Division division() throws IOException {
    return server.getDivision(groupId);
  }

  private RaftServer.Division divisionOrNull() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether Raft's configuration lists this member as a learner (a non-voting listener). */
  public boolean isLearner() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getRaftConf().getPeer(server.getId(), RaftPeerRole.LISTENER) != null;
  }

  private void refuseOnLearner() {
    if (isLearner()) {
      throw new StoreException.Unavailable(NOT_SUPPORTED_FOR_LEARNER);
    }
  }

  private boolean inConfiguration() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getRaftConf().getAllPeers().stream().anyMatch(p -> p.getId().equals(server.getId()));
  }

  // ------------------------------------------------------------------ KV

  @Override
  public RangeResult range(RangeRequest request) {
    RequestValidator.validate(request, config.maxRequestBytes(), config.maxTxnOps());
    if (!request.serializable()) {
      refuseOnLearner();
      proposer.readBarrier();
    }
    return mvcc.range(request);
  }

  @Override
  public PutResult put(PutRequest request) {
    return (PutResult) write(request);
  }

  @Override
  public DeleteResult delete(DeleteRequest request) {
    return (DeleteResult) write(request);
  }

  @Override
  public TxnResult txn(TxnRequest request) {
    return (TxnResult) write(request);
  }

  private Object write(Op op) {
    RequestValidator.validate(op, config.maxRequestBytes(), config.maxTxnOps());
    return propose(new StoreCommand.Write(op));
  }

  @Override
  public long compact(long revision) {
    return (Long) propose(new StoreCommand.Compact(revision));
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    return mvcc.watch(request, listener);
  }

  // ------------------------------------------------------------------ leases

  @Override
  public Lease.Grant leaseGrant(long ttlSeconds, long id) {
    RequestValidator.validateLeaseTtl(ttlSeconds);
    if (id != 0) {
      return (Lease.Grant) propose(new StoreCommand.LeaseGrant(id, ttlSeconds));
    }
    for (int attempt = 1; ; attempt++) {
      long chosen = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      try {
        return (Lease.Grant) propose(new StoreCommand.LeaseGrant(chosen, ttlSeconds));
      } catch (StoreException.FailedPrecondition e) {
        if (attempt == LEASE_ID_ATTEMPTS) {
          throw e; // five random 63-bit collisions in a row: something else is wrong
        }
      }
    }
  }

  @Override
  public long leaseRevoke(long id) {
    return (Long) propose(new StoreCommand.LeaseRevoke(id));
  }

  @Override
  public Lease.KeepAlive leaseKeepAlive(long id) {
    return (Lease.KeepAlive) propose(new StoreCommand.LeaseKeepAlive(id));
  }

  @Override
  public Lease.TimeToLive leaseTimeToLive(long id, boolean withKeys) {
    return mvcc.leaseTimeToLive(id, withKeys);
  }

  @Override
  public List<Long> leases() {
    return mvcc.leases();
  }

  private Object propose(StoreCommand command) {
    if (closed.get()) {
      throw new StoreException.Unavailable(Proposer.STOPPED);
    }
    refuseOnLearner();
    return proposer.propose(new RaftCommand.Kv(command));
  }

  // ------------------------------------------------------------------ maintenance and cluster

  @Override
  public StoreStatus status() {
    RaftServer.Division d = divisionOrNull();
    long term = d == null ? 0 : d.getInfo().getCurrentTerm();
    long applied = stateMachine.getLastAppliedTermIndex() == null ? 0
        : stateMachine.getLastAppliedTermIndex().getIndex();
    boolean learner = isLearner();
    return new StoreStatus(mvcc.revision(), mvcc.compactRevision(), VERSION, mvcc.dbSize(), leaderId(), memberId,
        clusterId, Math.max(0, applied), term, mvcc.keyCount(), learner);
  }

  /**
   * Every member. Read after a ReadIndex when a leader answers, so a member added or removed anywhere
   * is listed; without a quorum, this member's own (possibly stale) view, which is what an operator
   * repairing a cluster needs to see.
   */
  @Override
  public List<Member> members() {
    try {
      proposer.readBarrier();
    } catch (StoreException.Unavailable e) {
      LOG.debug("Listing members without a quorum: {}", e.getMessage());
    }
    return membership.list();
  }

  @Override
  public Member memberAdd(List<String> peerUrls, boolean learner) {
    return membership.add(peerUrls, learner);
  }

  @Override
  public void memberRemove(long memberId) {
    membership.remove(memberId);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    loops.close();
    clients.close();
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("Closing the Raft server failed", e);
    }
    mvcc.close();
    LOG.info("Member {} ({}) closed", Long.toHexString(memberId), config.name());
  }
}
