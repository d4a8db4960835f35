package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.StoreConfig;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.raftlog.RaftLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One member on loopback: durability across restarts, snapshots, log purge, leases, fsync before commit. */
@Timeout(120)
class SingleMemberIT {
  @TempDir Path dir;
  private final URI peerUrl = RaftTestSupport.freePeerUrl();

  private RaftKvStore open(long snapshotCount, RaftTuning tuning) throws IOException {
    RaftKvStore store = RaftKvStore.open(RaftTestSupport.single(dir, peerUrl, snapshotCount), tuning);
    assertThat(store.awaitReady(Duration.ofSeconds(30))).as("leader elected").isTrue();
    return store;
  }

  private static Bytes key(int i) {
    return Bytes.of(String.format("/registry/k%04d", i));
  }

  @Test
  void everyAcknowledgedWriteSurvivesARestartAndRevisionsContinue() throws IOException {
    List<PutResult> puts = new ArrayList<>();
    long revisionBeforeClose;
    try (RaftKvStore store = open(100_000, RaftTuning.defaults())) {
      for (int i = 0; i < 50; i++) {
        puts.add(store.put(PutRequest.of(key(i), Bytes.of("v" + i))));
      }
      store.put(PutRequest.of(key(7), Bytes.of("v7-again")));
      store.delete(DeleteRequest.key(key(8)));
      revisionBeforeClose = store.status().revision();
      assertThat(revisionBeforeClose).isEqualTo(52);
    }
    assertThat(snapshotFiles()).as("no snapshot yet: the restart replays the log").isEmpty();
    try (RaftKvStore store = open(100_000, RaftTuning.defaults())) {
      RangeResult all = store.range(RangeRequest.prefix(Bytes.of("/registry/")));
      assertThat(all.count()).isEqualTo(49);
      assertThat(all.revision()).isEqualTo(revisionBeforeClose);
      KeyValue k3 = store.range(RangeRequest.key(key(3))).kvs().getFirst();
      assertThat(k3.modRevision()).isEqualTo(puts.get(3).revision());
      assertThat(k3.value()).isEqualTo(Bytes.of("v3"));
      KeyValue k7 = store.range(RangeRequest.key(key(7))).kvs().getFirst();
      assertThat(k7.version()).isEqualTo(2);
      assertThat(k7.value()).isEqualTo(Bytes.of("v7-again"));
      assertThat(store.range(RangeRequest.key(key(8))).count()).isZero();
      // history before the restart is still readable at its revision
      assertThat(store.range(RangeRequest.key(key(7)).atRevision(10)).kvs().getFirst().value()).isEqualTo(Bytes.of("v7"));
      assertThat(store.put(PutRequest.of(key(100), Bytes.of("after"))).revision()).isEqualTo(revisionBeforeClose + 1);
    }
  }

  @Test
  void snapshotsAreTakenTheLogIsPurgedAndARestartLoadsSnapshotPlusTail() throws IOException {
    Bytes value = Bytes.of("x".repeat(300));
    long revision;
    long logStart;
    try (RaftKvStore store = open(25, RaftTestSupport.smallLogs())) {
      for (int i = 0; i < 400; i++) {
        store.put(PutRequest.of(key(i % 150), value));
      }
      revision = store.status().revision();
      RaftLog log = store.division().getRaftLog();
      await().atMost(Duration.ofSeconds(10)).until(() -> log.getStartIndex() > 100);
      logStart = log.getStartIndex();
      assertThat(log.getSnapshotIndex()).isGreaterThanOrEqualTo(logStart - 1);
    }
    assertThat(snapshotFiles()).isNotEmpty().hasSizeLessThanOrEqualTo(2); // retention keeps the newest two
    try (RaftKvStore store = open(25, RaftTestSupport.smallLogs())) {
      // the entries before logStart are gone: this state can only come from the snapshot (+ the tail)
      assertThat(store.division().getRaftLog().getStartIndex()).isGreaterThanOrEqualTo(logStart);
      assertThat(store.status().revision()).isEqualTo(revision);
      RangeResult all = store.range(RangeRequest.prefix(Bytes.of("/registry/")));
      assertThat(all.count()).isEqualTo(150);
      assertThat(all.kvs()).allSatisfy(kv -> assertThat(kv.value()).isEqualTo(value));
      assertThat(store.range(RangeRequest.key(key(10))).kvs().getFirst().version()).isEqualTo(3);
      assertThat(store.put(PutRequest.of(key(0), Bytes.of("next"))).revision()).isEqualTo(revision + 1);
    }
  }

  @Test
  void leasesSurviveARestartAndExpireAfterIt() throws IOException {
    long longLease;
    long shortLease;
    try (RaftKvStore store = open(100_000, RaftTestSupport.smallLogs())) {
      longLease = store.leaseGrant(600, 0).id();
      shortLease = store.leaseGrant(2, 0).id();
      assertThat(longLease).isPositive();
      store.put(PutRequest.of(Bytes.of("/leased/long"), Bytes.of("1")).withLease(longLease));
      store.put(PutRequest.of(Bytes.of("/leased/short"), Bytes.of("2")).withLease(shortLease));
    }
    try (RaftKvStore store = open(100_000, RaftTestSupport.smallLogs())) {
      assertThat(store.leases()).contains(longLease);
      var ttl = store.leaseTimeToLive(longLease, true);
      assertThat(ttl.grantedTtl()).isEqualTo(600);
      assertThat(ttl.ttl()).isGreaterThan(500);
      assertThat(ttl.keys()).containsExactly(Bytes.of("/leased/long"));
      // the short lease restarted its clock with the new leader, then expires: its key goes with it
      await().atMost(Duration.ofSeconds(15)).until(() -> store.range(RangeRequest.key(Bytes.of("/leased/short"))).count() == 0);
      assertThat(store.leases()).doesNotContain(shortLease);
      assertThat(store.range(RangeRequest.key(Bytes.of("/leased/long"))).count()).isEqualTo(1);
      assertThat(store.leaseKeepAlive(longLease).ttl()).isEqualTo(600);
      store.leaseRevoke(longLease);
      assertThat(store.range(RangeRequest.key(Bytes.of("/leased/long"))).count()).isZero();
      assertThatThrownBy(() -> store.leaseRevoke(longLease)).isInstanceOf(StoreException.NotFound.class);
    }
  }

  /**
   * etcd bug #14370: a one-member etcd acknowledged writes before they were fsynced. Ratis counts the
   * leader's flush index (advanced only after FileChannel.force) in the commit majority; with one
   * member, commit index <= flush index at every instant. Sampled under concurrent load, reading the
   * commit index before the flush index (both only grow), so a violation cannot hide.
   */
  @Test
  void inAOneMemberGroupNothingIsCommittedBeforeItIsFsynced() throws Exception {
    var properties = RaftSettings.serverProperties(RaftTestSupport.single(dir, peerUrl, 100), RaftTuning.defaults(),
        dir.toFile());
    assertThat(RaftServerConfigKeys.Log.unsafeFlushEnabled(properties)).isFalse();
    assertThat(RaftServerConfigKeys.Log.asyncFlushEnabled(properties)).isFalse();
    assertThat(RaftServerConfigKeys.Read.option(properties)).isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);

    try (RaftKvStore store = open(100_000, RaftTuning.defaults())) {
      RaftLog log = store.division().getRaftLog();
      AtomicBoolean done = new AtomicBoolean();
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      List<Thread> writers = Stream.generate(() -> Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 200; i++) {
          store.put(PutRequest.of(Bytes.of("/w/" + Thread.currentThread().threadId() + "/" + i), Bytes.of("v")));
        }
      })).limit(8).toList();
      Thread sampler = Thread.ofPlatform().start(() -> {
        long samples = 0;
        while (!done.get()) {
          long committed = log.getLastCommittedIndex();
          long flushed = log.getFlushIndex();
          if (committed > flushed) {
            violations.add("committed " + committed + " > flushed " + flushed);
          }
          samples++;
        }
        assertThat(samples).isGreaterThan(100);
      });
      for (Thread w : writers) {
        w.join();
      }
      done.set(true);
      sampler.join();
      assertThat(violations).isEmpty();
      assertThat(store.status().revision()).isEqualTo(1600);
      assertThat(log.getFlushIndex()).isGreaterThanOrEqualTo(log.getLastCommittedIndex());
    }
  }

  @Test
  void statusDescribesTheMember() throws IOException {
    StoreConfig config = RaftTestSupport.single(dir, peerUrl, 100_000);
    try (RaftKvStore store = RaftKvStore.open(config, RaftTuning.defaults())) {
      assertThat(store.awaitReady(Duration.ofSeconds(30))).isTrue();
      long revision = store.put(PutRequest.of(Bytes.of("a"), Bytes.of("1"))).revision();
      StoreStatus status = store.status();
      assertThat(status.memberId()).isEqualTo(MemberIds.memberId(List.of(peerUrl.toString()), "kube4j-test"));
      assertThat(status.leader()).isEqualTo(status.memberId());
      assertThat(status.clusterId()).isEqualTo(MemberIds.clusterId("kube4j-test"));
      assertThat(status.raftTerm()).isPositive();
      assertThat(status.raftIndex()).isPositive();
      assertThat(status.revision()).isEqualTo(revision);
      assertThat(status.keys()).isEqualTo(1);
      assertThat(status.learner()).isFalse();
      store.publish(List.of(URI.create("http://127.0.0.1:2379")));
      assertThat(store.members()).singleElement().satisfies(m -> {
        assertThat(m.id()).isEqualTo(status.memberId());
        assertThat(m.name()).isEqualTo("m0");
        assertThat(m.peerUrls()).containsExactly(peerUrl.toString());
        assertThat(m.clientUrls()).containsExactly("http://127.0.0.1:2379");
      });
    }
  }

  @Test
  void revisionAutoCompactionKeepsTheLastRevisions() throws IOException {
    StoreConfig config = RaftTestSupport.single(dir, peerUrl, 100_000).withCompaction("revision", "10");
    try (RaftKvStore store = RaftKvStore.open(config, RaftTestSupport.smallLogs())) {
      assertThat(store.awaitReady(Duration.ofSeconds(30))).isTrue();
      long last = 0;
      for (int i = 0; i < 60; i++) {
        last = store.put(PutRequest.of(key(i % 5), Bytes.of("v" + i))).revision();
      }
      long newest = last;
      await().atMost(Duration.ofSeconds(20)).until(() -> store.status().compactRevision() >= newest - 10);
      assertThat(store.status().compactRevision()).isLessThanOrEqualTo(newest - 10);
      assertThatThrownBy(() -> store.range(RangeRequest.key(key(0)).atRevision(newest - 20)))
          .isInstanceOf(StoreException.Compacted.class);
      assertThat(store.range(RangeRequest.key(key(0)).atRevision(newest - 9)).revision()).isEqualTo(newest);
    }
  }

  private List<Path> snapshotFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
    }
  }
}
