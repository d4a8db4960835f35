package io.kube4j.e2e;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A cluster of {@link ClusterMember}s on 127.0.0.1, each with random free client and peer ports and
 * its own data directory under one test directory, all listed in {@code --initial-cluster}, with a
 * short heartbeat and election timeout so failovers take about a second. Works for any
 * {@link ClusterTarget}: the same scenario runs against the real etcd and against kube4j.
 *
 * <p>Not thread-safe: the test thread drives it. {@link #close()} stops every member it started
 * (SIGTERM, then SIGKILL); {@link ClusterMember}'s shutdown hook covers a JVM that dies first.
 */
final class TestCluster implements AutoCloseable {

  static final long HEARTBEAT_MS = 100;
  static final long ELECTION_TIMEOUT_MS = 1000;
  /** JVM starts, the first election, and a first commit, with up to five JVMs on two cores. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final ClusterTarget target;
  private final Path dir;
  private final String token;
  private final List<ClusterMember> members = new ArrayList<>();

  private TestCluster(ClusterTarget target, Path dir, String token) {
    this.target = target;
    this.dir = dir;
    this.token = token;
  }

  /** Starts {@code size} members and returns once every one serves linearizable reads. */
  static TestCluster start(ClusterTarget target, int size, Path dir) throws IOException, InterruptedException {
    TestCluster cluster = new TestCluster(target, dir, "cluster-e2e-" + dir.getFileName());
    try {
      List<String> names = new ArrayList<>();
      Map<String, String> peers = new HashMap<>();
      for (int i = 1; i <= size; i++) {
        String name = "m" + i;
        names.add(name);
        peers.put(name, "http://127.0.0.1:" + FreePorts.next());
      }
      String initialCluster = names.stream().map(n -> n + "=" + peers.get(n)).collect(Collectors.joining(","));
      for (String name : names) {
        cluster.members.add(cluster.member(name, peers.get(name), initialCluster, "new"));
      }
      long started = System.nanoTime();
      for (ClusterMember member : cluster.members) {
        member.start();
      }
      cluster.awaitAllServing(READY_TIMEOUT);
      System.out.printf("[cluster] %s: %d members serving after %d ms: %s%n", target.name(), size,
          Poll.millisSince(started), cluster.members);
      return cluster;
    } catch (Throwable t) {
      cluster.close();
      throw t;
    }
  }

  private ClusterMember member(String name, String peerUrl, String initialCluster, String state) {
    return member(flags(name, peerUrl, initialCluster, state));
  }

  private ClusterTarget.MemberFlags flags(String name, String peerUrl, String initialCluster, String state) {
    return new ClusterTarget.MemberFlags(name, "http://127.0.0.1:" + FreePorts.next(), peerUrl,
        dir.resolve(name).resolve("data"), initialCluster, state, token, HEARTBEAT_MS, ELECTION_TIMEOUT_MS, null);
  }

  private ClusterMember member(ClusterTarget.MemberFlags flags) {
    return new ClusterMember(target, flags, dir.resolve(target.name() + "-" + flags.name() + ".log"));
  }

  ClusterTarget target() {
    return target;
  }

  /** The members this cluster started, in start order (removed members included until {@link #forget}). */
  List<ClusterMember> members() {
    return List.copyOf(members);
  }

  /** Client URLs of every member, as one list. */
  List<String> clientUrls() {
    return members.stream().map(ClusterMember::clientUrl).toList();
  }

  /**
   * Describes a new member to add to the running cluster: fresh ports and data directory, an initial
   * cluster listing the current members and itself, state {@code existing}. Not started.
   */
  ClusterMember newMember(String name) {
    String peerUrl = "http://127.0.0.1:" + FreePorts.next();
    String initialCluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","))
        + "," + name + "=" + peerUrl;
    ClusterMember member = member(name, peerUrl, initialCluster, "existing");
    members.add(member);
    return member;
  }

  /**
   * Describes a new member that joins with {@code --join} through {@code via}'s client URL (it asks
   * for its own MemberAdd). Not started.
   */
  ClusterMember newJoiningMember(String name, ClusterMember via) {
    ClusterMember member = member(flags(name, "http://127.0.0.1:" + FreePorts.next(), null, null)
        .joiningThrough(via.clientUrl()));
    members.add(member);
    return member;
  }

  /** Stops {@code member} and drops it from this cluster's members. */
  void forget(ClusterMember member) throws InterruptedException {
    member.stop();
    members.remove(member);
  }

  /** Waits until every member that is not frozen serves linearizable reads. */
  void awaitAllServing(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ClusterMember member : members) {
      if (!member.isPaused()) {
        member.awaitServing(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      }
    }
  }

  /**
   * Waits for a leader that a majority of the cluster's members report, that serves, and that is none
   * of {@code notThese}.
   */
  ClusterMember awaitLeader(Duration timeout, Collection<ClusterMember> notThese) throws InterruptedException {
    return Poll.until(timeout, "a leader agreed by a majority of " + members + " other than " + notThese,
        () -> currentLeader(notThese));
  }

  private ClusterMember currentLeader(Collection<ClusterMember> notThese) {
    Map<Long, Integer> votes = new HashMap<>();
    Map<Long, ClusterMember> byId = new HashMap<>();
    for (ClusterMember member : members) {
      if (!member.isServing()) {
        continue;
      }
      try {
        StoreStatus status = member.status();
        byId.put(status.memberId(), member);
        if (status.leader() != 0) {
          votes.merge(status.leader(), 1, Integer::sum);
        }
      } catch (RuntimeException e) {
        // a member that cannot answer now has no say
      }
    }
    int majority = members.size() / 2 + 1;
    for (Map.Entry<Long, Integer> vote : votes.entrySet()) {
      ClusterMember leader = byId.get(vote.getKey());
      if (vote.getValue() >= majority && leader != null && !notThese.contains(leader)) {
        return leader;
      }
    }
    return null;
  }

  /** The revision a linearizable read sees now, through the first member that answers. */
  long linearizableRevision() {
    RuntimeException last = null;
    for (ClusterMember member : members) {
      if (member.isServing()) {
        try {
          return member.client().range(RangeRequest.key(Bytes.of("/cluster-e2e/health"))).revision();
        } catch (RuntimeException e) {
          last = e;
        }
      }
    }
    throw Objects.requireNonNullElseGet(last, () -> new IllegalStateException("no member serves"));
  }

  /**
   * Waits until {@code member}'s own (serializable) reads reach the revision the cluster has
   * committed now; returns how long that took.
   */
  Duration awaitCaughtUp(ClusterMember member, Duration timeout) throws InterruptedException {
    long start = System.nanoTime();
    long target = Poll.until(timeout, "a linearizable read", this::linearizableRevision);
    Poll.until(timeout, member + " applying revision " + target, () -> {
      member.assertAlive();
      long seen = member.localRevision();
      if (seen < target) {
        throw new IllegalStateException(member.name() + " has applied up to revision " + seen);
      }
      return Boolean.TRUE;
    });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The members other than {@code these}. */
  List<ClusterMember> others(Collection<ClusterMember> these) {
    return members.stream().filter(m -> !these.contains(m)).toList();
  }

  /** Fails, quoting its log, for the first member that died without being asked to. */
  void assertAllAlive() {
    members.forEach(ClusterMember::assertAlive);
  }

  /** Stops every member at once (SIGTERM, bounded, then SIGKILL). */
  @Override
  public void close() {
    List<Thread> stoppers = new ArrayList<>();
    for (ClusterMember member : members) {
      stoppers.add(Thread.ofVirtual().name("stop-" + member.name()).start(member::close));
    }
    for (Thread stopper : stoppers) {
      try {
        stopper.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
