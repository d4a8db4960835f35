package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three members in one JVM on loopback: replication, linearizable follower reads, failover, catch-up, membership. */
@Timeout(240)
class ThreeMemberIT {
  @TempDir Path dir;

  @Test
  void writesThroughAnyMemberAreSeenByLinearizableReadsOnEveryOther() {
    try (TestCluster cluster = new TestCluster(dir, 3, 100_000, RaftTuning.defaults()).start()) {
      List<String> names = cluster.runningNames();
      for (int i = 0; i < 60; i++) {
        RaftKvStore writer = cluster.member(names.get(i % 3));
        RaftKvStore reader = cluster.member(names.get((i + 1) % 3));
        Bytes key = Bytes.of("/k/" + (i % 7));
        PutResult put = writer.put(PutRequest.of(key, Bytes.of("v" + i)));
        assertThat(put.revision()).isEqualTo(i + 1);
        // a linearizable read anywhere, right after the ack, sees the write
        KeyValue read = reader.range(RangeRequest.key(key)).kvs().getFirst();
        assertThat(read.value()).isEqualTo(Bytes.of("v" + i));
        assertThat(read.modRevision()).isEqualTo(put.revision());
      }
      // every member applied the same history
      for (String name : names) {
        await().atMost(Duration.ofSeconds(10)).until(() ->
            cluster.member(name).range(RangeRequest.prefix(Bytes.of("/k/")).withSerializable(true)).revision() == 60);
        RangeResult all = cluster.member(name).range(RangeRequest.prefix(Bytes.of("/k/")).withSerializable(true));
        assertThat(all.count()).isEqualTo(7);
        assertThat(all.kvs().stream().mapToLong(KeyValue::version).sum()).isEqualTo(60);
      }
      String leader = cluster.awaitLeader();
      long leaderId = cluster.member(leader).memberId();
      for (String name : names) {
        assertThat(cluster.member(name).status().leader()).isEqualTo(leaderId);
      }
    }
  }

  @Test
  void killingTheLeaderLosesNoAcknowledgedWriteAndTheOldLeaderCatchesUpOnRestart() throws Exception {
    try (TestCluster cluster = new TestCluster(dir, 3, 100_000, RaftTuning.defaults()).start()) {
      Map<String, Long> acked = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger unavailable = new AtomicInteger();
      Map<String, Integer> problems = new ConcurrentHashMap<>();
      String oldLeader;
      List<Thread> writers = IntStream.range(0, 4).mapToObj(w -> Thread.ofVirtual().start(() -> {
        for (int i = 0; !stop.get() && i < 10_000; i++) {
          List<String> up = cluster.runningNames();
          String via = up.get((w + i) % up.size());
          String key = "/w" + w + "/" + i;
          try {
            acked.put(key, cluster.member(via).put(PutRequest.of(Bytes.of(key), Bytes.of("v"))).revision());
          } catch (StoreException.Unavailable e) {
            unavailable.incrementAndGet(); // outcome unknown: not counted as acknowledged
            problems.merge(e.getMessage(), 1, Integer::sum);
          } catch (AssertionError e) {
            // the member was stopped between choosing it and calling it
          }
        }
      })).toList();
      await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 100);
      oldLeader = cluster.awaitLeader();
      cluster.stop(oldLeader);
      int ackedAtKill = acked.size();
      String newLeader = cluster.awaitLeader();
      assertThat(newLeader).isNotEqualTo(oldLeader);
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= ackedAtKill + 100);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no progress after the failover: " + acked.size() + " acked, " + ackedAtKill
            + " at the kill; problems " + problems + "; " + cluster.describe(), e);
      }
      stop.set(true);
      for (Thread t : writers) {
        t.join(Duration.ofSeconds(30));
      }

      for (String name : cluster.runningNames()) {
        assertAllPresent(cluster.member(name), acked, false);
      }
      RaftKvStore restarted = cluster.restart(oldLeader);
      long revision = cluster.member(newLeader).status().revision();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          restarted.range(RangeRequest.key(Bytes.of("/w0/0")).withSerializable(true)).revision() >= revision);
      assertAllPresent(restarted, acked, true);
      System.out.printf("failover: %d writes acknowledged, %d unavailable (unknown outcome): %s%n", acked.size(),
          unavailable.get(), problems);
    }
  }

  @Test
  void aFollowerBehindThePurgedLogCatchesUpFromASnapshot() throws Exception {
    try (TestCluster cluster = new TestCluster(dir, 3, 20, RaftTestSupport.smallLogs()).start()) {
      String follower = cluster.aFollower();
      String leader = cluster.awaitLeader();
      cluster.member(leader).put(PutRequest.of(Bytes.of("/before"), Bytes.of("1")));
      await().until(() -> cluster.member(follower).range(RangeRequest.key(Bytes.of("/before"))
          .withSerializable(true)).count() == 1);
      long followerLast = cluster.member(follower).division().getRaftLog().getLastEntryTermIndex().getIndex();
      cluster.stop(follower);

      Bytes value = Bytes.of("y".repeat(400));
      for (int i = 0; i < 300; i++) {
        cluster.member(i % 2 == 0 ? leader : cluster.runningNames().stream().filter(n -> !n.equals(leader))
            .findFirst().orElseThrow()).put(PutRequest.of(Bytes.of("/after/" + (i % 90)), value));
      }
      var leaderLog = cluster.member(leader).division().getRaftLog();
      await().atMost(Duration.ofSeconds(10)).until(() -> leaderLog.getStartIndex() > followerLast + 1);

      RaftKvStore back = cluster.restart(follower);
      long revision = cluster.member(leader).status().revision();
      await().atMost(Duration.ofSeconds(30)).until(() ->
          back.range(RangeRequest.prefix(Bytes.of("/")).withSerializable(true)).revision() == revision);
      // the entries it missed are gone from every log: only an installed snapshot explains its state
      assertThat(back.division().getRaftLog().getSnapshotIndex()).isGreaterThan(followerLast);
      RangeResult all = back.range(RangeRequest.prefix(Bytes.of("/after/")).withSerializable(true));
      assertThat(all.count()).isEqualTo(90);
      assertThat(all.kvs()).allSatisfy(kv -> assertThat(kv.value()).isEqualTo(value));
      assertThat(back.range(RangeRequest.key(Bytes.of("/before"))).count()).isEqualTo(1);
      // and it keeps up from the log afterwards
      PutResult put = back.put(PutRequest.of(Bytes.of("/after-catch-up"), Bytes.of("z")));
      assertThat(back.range(RangeRequest.key(Bytes.of("/after-catch-up"))).kvs().getFirst().modRevision())
          .isEqualTo(put.revision());
    }
  }

  @Test
  void aMemberAddedWithMemberAddJoinsWhenStartedAndLeavesWhenRemoved() {
    try (TestCluster cluster = new TestCluster(dir, 3, 100_000, RaftTuning.defaults()).start()) {
      for (String name : cluster.runningNames()) {
        cluster.member(name).publish(List.of(URI.create("http://127.0.0.1:" + (3000 + name.charAt(1)))));
      }
      RaftKvStore m0 = cluster.member("m0");
      m0.put(PutRequest.of(Bytes.of("/x"), Bytes.of("before-join")));
      URI newPeer = RaftTestSupport.freePeerUrl();

      Member added = m0.memberAdd(List.of(newPeer.toString()), false);
      assertThat(added.name()).isEmpty();
      assertThat(added.peerUrls()).containsExactly(newPeer.toString());
      assertThat(m0.members()).hasSize(4).anySatisfy(m -> {
        assertThat(m.id()).isEqualTo(added.id());
        assertThat(m.name()).isEmpty(); // not started yet, as etcd lists an unstarted member
      });
      assertThat(cluster.member("m1").members()).extracting(Member::id).contains(added.id());
      try {
        m0.memberAdd(List.of(newPeer.toString()), false);
      } catch (StoreException.FailedPrecondition e) {
        assertThat(e.getMessage()).isEqualTo(StoreException.PEER_URL_EXISTS);
      }

      RaftKvStore m3 = cluster.join("m3", newPeer);
      assertThat(m3.memberId()).isEqualTo(added.id());
      m3.publish(List.of(URI.create("http://127.0.0.1:3999")));
      assertThat(m3.range(RangeRequest.key(Bytes.of("/x"))).kvs().getFirst().value()).isEqualTo(Bytes.of("before-join"));
      PutResult viaNew = m3.put(PutRequest.of(Bytes.of("/y"), Bytes.of("via-m3")));
      assertThat(cluster.member("m1").range(RangeRequest.key(Bytes.of("/y"))).kvs().getFirst().modRevision())
          .isEqualTo(viaNew.revision());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(cluster.member("m2").members()).hasSize(4).anySatisfy(m -> {
            assertThat(m.id()).isEqualTo(added.id());
            assertThat(m.name()).isEqualTo("m3");
            assertThat(m.clientUrls()).containsExactly("http://127.0.0.1:3999");
            assertThat(m.learner()).isFalse();
          }));

      cluster.member("m1").memberRemove(added.id());
      cluster.stop("m3");
      assertThat(m0.members()).hasSize(3).extracting(Member::id).doesNotContain(added.id());
      assertThat(m0.members()).extracting(Member::name).containsExactlyInAnyOrder("m0", "m1", "m2");
      try {
        m0.memberRemove(added.id());
      } catch (StoreException.NotFound e) {
        assertThat(e.getMessage()).isEqualTo(StoreException.MEMBER_NOT_FOUND);
      }
      // a learner: added, started, replicated to, listed as a learner, not counted in the quorum
      URI learnerPeer = RaftTestSupport.freePeerUrl();
      Member learner = m0.memberAdd(List.of(learnerPeer.toString()), true);
      assertThat(learner.learner()).isTrue();
      RaftKvStore m4 = cluster.join("m4", learnerPeer);
      assertThat(m4.status().learner()).isTrue();
      assertThat(m4.isLearner()).isTrue();
      try {
        m4.put(PutRequest.of(Bytes.of("/from-learner"), Bytes.of("1")));
        throw new AssertionError("a learner accepted a write");
      } catch (StoreException.Unavailable e) {
        assertThat(e.getMessage()).isEqualTo(RaftKvStore.NOT_SUPPORTED_FOR_LEARNER);
      }
      PutResult forLearner = m0.put(PutRequest.of(Bytes.of("/for-learner"), Bytes.of("1")));
      await().atMost(Duration.ofSeconds(10)).until(() ->
          m4.range(RangeRequest.key(Bytes.of("/for-learner")).withSerializable(true)).revision() >= forLearner.revision());
      assertThat(m0.members()).hasSize(4).filteredOn(Member::learner).extracting(Member::id)
          .containsExactly(learner.id());
      m0.memberRemove(learner.id());
      cluster.stop("m4");
      assertThat(m0.members()).hasSize(3);
      // three voters again: losing one still leaves a quorum
      String follower = cluster.aFollower();
      cluster.stop(follower);
      String someone = cluster.runningNames().getFirst();
      assertThat(cluster.member(someone).put(PutRequest.of(Bytes.of("/z"), Bytes.of("1"))).revision()).isPositive();
    }
  }

  private static void assertAllPresent(RaftKvStore store, Map<String, Long> acked, boolean serializable) {
    RangeResult all = store.range(RangeRequest.range(Bytes.of("/w"), Bytes.of("/x")).withSerializable(serializable));
    Map<String, Long> present = new ConcurrentHashMap<>();
    for (KeyValue kv : all.kvs()) {
      present.put(kv.key().toStringUtf8(), kv.modRevision());
    }
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      assertThat(present.get(e.getKey())).as("acknowledged %s", e.getKey()).isEqualTo(e.getValue());
    }
  }
}
