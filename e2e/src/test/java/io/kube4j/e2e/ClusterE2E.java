package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.testing.History;
import io.kube4j.store.testing.LinearizabilityChecker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A replicated store under a recorded read/write load survives the failures Raft promises to
 * survive, without losing or reordering anything: the leader killed with SIGKILL, a follower
 * frozen with SIGSTOP (a partition) then thawed, the leader frozen then thawed, a minority killed at
 * once; killed members restart on their data and catch up. At the end the history is linearizable, every acknowledged write is
 * in the final state (or overwritten later), every member holds the same state, and a watch from
 * the first revision on every member replays every revision once, in order.
 *
 * <p>Runs against the real etcd (the reference: it must pass unchanged) and against
 * {@code bin/kube4j store}, with 3 and 5 members. {@code -Dcluster.targets=kube4j} (or {@code etcd})
 * narrows the targets, {@code -Dcluster.sizes=3} the sizes; {@code -Dcluster.seed=N} replays a run's choices of keys
 * and operations.
 */
class ClusterE2E {

  private static final int THREADS = 6;
  private static final int KEYS = 12;
  private static final String PREFIX = "/cluster/";
  private static final Duration WARM_UP = Duration.ofSeconds(1);
  private static final Duration PHASE = Duration.ofSeconds(1);
  private static final Duration PARTITION = Duration.ofSeconds(2);
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration WRITES_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(60);
  /** Acknowledged writes that show the cluster commits again after a failure. */
  private static final int WRITES_AFTER_FAILURE = 10;
  /** etcd's numbering: a fresh store is at revision 1, so its first write makes revision 2. */
  private static final long FRESH_STORE_REVISION = 1;

  static Stream<Arguments> clusters() {
    List<String> wanted = Arrays.asList(System.getProperty("cluster.targets", "etcd,kube4j").split(","));
    List<String> sizes = Arrays.asList(System.getProperty("cluster.sizes", "3,5").split(","));
    List<Arguments> clusters = new ArrayList<>();
    for (ClusterTarget target : List.of(new ClusterTarget.Etcd(), new ClusterTarget.Kube4j())) {
      for (String size : sizes) {
        if (wanted.contains(target.name())) {
          clusters.add(Arguments.of(target, Integer.parseInt(size.trim())));
        }
      }
    }
    return clusters.stream();
  }

  @AfterAll
  static void noMemberLeftBehind() {
    assertThat(ClusterMember.killLeftovers()).as("member processes still running after the tests").isZero();
  }

  @ParameterizedTest(name = "{0} with {1} members")
  @MethodSource("clusters")
  void survivesLeaderLossPartitionAndMinorityLossWithALinearizableHistory(ClusterTarget target, int size,
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    long seed = Long.getLong("cluster.seed", System.nanoTime());
    String run = target.name() + "x" + size + " seed " + seed;
    System.out.printf("[cluster] %s: start (-Dcluster.seed=%d replays it)%n", run, seed);
    long runStart = System.nanoTime();
    History history = new History();

    try (TestCluster cluster = TestCluster.start(target, size, dir)) {
      long freshRevision = cluster.linearizableRevision();
      WriteLoad load = new WriteLoad(cluster.members(), THREADS, seed, PREFIX, KEYS, history);
      load.start();
      try {
        Thread.sleep(WARM_UP);
        killTheLeaderThenRestartIt(cluster, load, run);
        partitionAFollowerThenHealIt(cluster, load, run);
        partitionTheLeaderThenHealIt(cluster, load, run);
        killAMinorityThenRestartIt(cluster, load, run);
        Thread.sleep(PHASE);
      } finally {
        load.close();
      }
      System.out.printf("[cluster] %s: load stopped: %s%n", run, load.summary());
      cluster.assertAllAlive();
      audit(cluster, history, freshRevision, run);
      // Checked last, apart: the numbering is etcd compatibility, not replication.
      assertThat(freshRevision).as("the revision of a fresh store (etcd: %d, so that the first write is %d)",
          FRESH_STORE_REVISION, FRESH_STORE_REVISION + 1).isEqualTo(FRESH_STORE_REVISION);
    }
    System.out.printf("[cluster] %s: passed in %d ms%n", run, Poll.millisSince(runStart));
  }

  private static void killTheLeaderThenRestartIt(TestCluster cluster, WriteLoad load, String run) throws Exception {
    ClusterMember leader = cluster.awaitLeader(LEADER_TIMEOUT, List.of());
    long killed = System.nanoTime();
    leader.kill();
    ClusterMember next = cluster.awaitLeader(LEADER_TIMEOUT, List.of(leader));
    long elected = Poll.millisSince(killed);
    awaitWritesSince(load, killed, "after killing the leader " + leader);
    System.out.printf("[cluster] %s: phase 1: killed leader %s; %s leads after %d ms; writes commit after %d ms%n",
        run, leader.name(), next.name(), elected, Poll.millisSince(killed));
    Thread.sleep(PHASE);
    restartAndCatchUp(cluster, List.of(leader), run, "phase 1");
  }

  private static void partitionAFollowerThenHealIt(TestCluster cluster, WriteLoad load, String run) throws Exception {
    ClusterMember leader = cluster.awaitLeader(LEADER_TIMEOUT, List.of());
    ClusterMember follower = cluster.others(List.of(leader)).getFirst();
    long paused = System.nanoTime();
    follower.pause();
    awaitWritesSince(load, paused, "while " + follower + " is frozen");
    Thread.sleep(PARTITION);
    follower.resume();
    Duration caughtUp = cluster.awaitCaughtUp(follower, CATCH_UP_TIMEOUT);
    System.out.printf("[cluster] %s: phase 2: froze follower %s for %d ms (%d writes acknowledged meanwhile); caught up %d ms after SIGCONT%n",
        run, follower.name(), Poll.millisSince(paused) - caughtUp.toMillis(), load.acknowledgedSince(paused),
        caughtUp.toMillis());
  }

  /**
   * A frozen leader is deposed; when it wakes up it must not answer from its stale state as if it
   * still led (the reads queued at it, and the next ones, are in the checked history).
   */
  private static void partitionTheLeaderThenHealIt(TestCluster cluster, WriteLoad load, String run) throws Exception {
    ClusterMember leader = cluster.awaitLeader(LEADER_TIMEOUT, List.of());
    long paused = System.nanoTime();
    leader.pause();
    ClusterMember next = cluster.awaitLeader(LEADER_TIMEOUT, List.of(leader));
    long elected = Poll.millisSince(paused);
    awaitWritesSince(load, paused, "while the leader " + leader + " is frozen");
    leader.resume();
    Duration caughtUp = cluster.awaitCaughtUp(leader, CATCH_UP_TIMEOUT);
    System.out.printf("[cluster] %s: phase 3: froze leader %s; %s leads after %d ms; thawed after %d ms, caught up %d ms later%n",
        run, leader.name(), next.name(), elected, Poll.millisSince(paused) - caughtUp.toMillis(), caughtUp.toMillis());
  }

  /** 5 members lose 2 at once, the leader among them; 3 members lose a follower (the leader was phase 1's). */
  private static void killAMinorityThenRestartIt(TestCluster cluster, WriteLoad load, String run) throws Exception {
    int size = cluster.members().size();
    ClusterMember leader = cluster.awaitLeader(LEADER_TIMEOUT, List.of());
    List<ClusterMember> victims = new ArrayList<>();
    if (size >= 5) {
      victims.add(leader);
    }
    for (ClusterMember follower : cluster.others(List.of(leader))) {
      if (victims.size() < (size - 1) / 2) {
        victims.add(follower);
      }
    }
    long killed = System.nanoTime();
    for (ClusterMember victim : victims) {
      victim.kill();
    }
    ClusterMember next = cluster.awaitLeader(LEADER_TIMEOUT, victims);
    awaitWritesSince(load, killed, "after killing " + victims);
    System.out.printf("[cluster] %s: phase 4: killed %s at once; %s leads; writes commit after %d ms%n",
        run, victims.stream().map(ClusterMember::name).toList(), next.name(), Poll.millisSince(killed));
    Thread.sleep(PHASE);
    restartAndCatchUp(cluster, victims, run, "phase 4");
  }

  private static void restartAndCatchUp(TestCluster cluster, List<ClusterMember> members, String run, String phase)
      throws Exception {
    long restarted = System.nanoTime();
    for (ClusterMember member : members) {
      member.start();
    }
    for (ClusterMember member : members) {
      member.awaitServing(TestCluster.READY_TIMEOUT);
      Duration caughtUp = cluster.awaitCaughtUp(member, CATCH_UP_TIMEOUT);
      System.out.printf("[cluster] %s: %s: restarted %s on its data; serving and caught up %d ms after the restart (catch-up wait %d ms)%n",
          run, phase, member.name(), Poll.millisSince(restarted), caughtUp.toMillis());
    }
  }

  private static void awaitWritesSince(WriteLoad load, long sinceNanos, String when) throws InterruptedException {
    Poll.until(WRITES_TIMEOUT, WRITES_AFTER_FAILURE + " acknowledged writes " + when,
        () -> load.acknowledgedSince(sinceNanos) >= WRITES_AFTER_FAILURE ? Boolean.TRUE : null);
  }

  /** {@code freshRevision}: the revision before the load began; every later revision must be in the watch. */
  private static void audit(TestCluster cluster, History history, long freshRevision, String run)
      throws InterruptedException {
    long auditStart = System.nanoTime();
    List<String> nonLinearizable = LinearizabilityChecker.check(history);
    assertThat(nonLinearizable).as("linearizability violations in %s", run).isEmpty();
    long acknowledged = history.puts().stream().filter(p -> p.outcome() == History.Outcome.OK).count();
    assertThat(acknowledged).as("acknowledged puts in %s", run).isGreaterThan(100);

    ClusterAudit.FinalState state = ClusterAudit.settle(cluster, PREFIX, AUDIT_TIMEOUT);
    assertThat(ClusterAudit.lostWrites(history, state)).as("lost writes in %s", run).isEmpty();

    List<ClusterAudit.SeenEvent> reference = null;
    for (ClusterMember member : cluster.members()) {
      List<ClusterAudit.SeenEvent> events =
          ClusterAudit.replay(member, PREFIX, 1, state.revision(), AUDIT_TIMEOUT);
      assertThat(ClusterAudit.watchViolations(events, history, freshRevision + 1, state.revision()))
          .as("watch from revision 1 on %s in %s", member, run).isEmpty();
      if (reference == null) {
        reference = events;
      } else {
        assertThat(events).as("the watch history on %s equals the one on %s", member, cluster.members().getFirst())
            .isEqualTo(reference);
      }
    }
    System.out.printf("[cluster] %s: audit passed in %d ms: %d puts (%d acknowledged), %d gets, final revision %d, %d keys, "
            + "%d watch events per member%n", run, Poll.millisSince(auditStart), history.puts().size(), acknowledged,
        history.gets().size(), state.revision(), state.kvs().size(), reference.size());
  }
}
