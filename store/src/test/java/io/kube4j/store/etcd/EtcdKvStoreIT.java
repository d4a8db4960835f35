package io.kube4j.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import io.kube4j.store.api.Watch;
import io.kube4j.store.api.WatchRequest;
import io.kube4j.store.behaviour.RecordingListener;
import io.kube4j.store.testing.RealEtcd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What is particular to {@link EtcdKvStore} rather than to any store: endpoints, connection loss,
 * etcd's periodic progress notifications, status and membership as etcd reports them. Runs on a
 * private etcd, so that membership changes and compaction stay here.
 */
class EtcdKvStoreIT {
  private static RealEtcd etcd;
  private static EtcdKvStore store;

  @BeforeAll
  static void start() {
    etcd = RealEtcd.start();
    store = etcd.newClient();
  }

  @AfterAll
  static void stop() {
    store.close();
    etcd.close();
  }

  private static Bytes key(String name) {
    return Bytes.of("/etcd-kv-store-it/" + UUID.randomUUID() + "/" + name);
  }

  private static String deadEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void requestsGoToTheEndpointsThatAnswer() throws IOException {
    try (EtcdKvStore twoEndpoints = new EtcdKvStore(List.of(deadEndpoint(), etcd.clientUrl()), Duration.ofSeconds(10))) {
      Bytes k = key("k");
      for (int i = 0; i < 5; i++) { // round-robin must never pick the dead endpoint
        long revision = twoEndpoints.put(PutRequest.of(k, Bytes.of("v" + i))).revision();
        assertThat(twoEndpoints.range(RangeRequest.key(k)).kvs().getFirst().modRevision()).isEqualTo(revision);
      }
    }
  }

  @Test
  void anUnreachableClusterIsUnavailable() throws IOException {
    try (EtcdKvStore nowhere = new EtcdKvStore(List.of(deadEndpoint()), Duration.ofSeconds(3))) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> nowhere.put(PutRequest.of(key("k"), Bytes.of("v"))))
          .isInstanceOfSatisfying(StoreException.Unavailable.class,
              e -> assertThat(e.code()).isEqualTo(StoreException.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void badEndpointsAreRefusedUpFront() {
    assertThatThrownBy(() -> new EtcdKvStore(List.of("https://127.0.0.1:2379")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only http://");
    assertThatThrownBy(() -> new EtcdKvStore(List.of("http://127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host and a port");
    assertThatThrownBy(() -> new EtcdKvStore(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressNotifyWatchesGetPeriodicProgressWhileIdle() {
    // RealEtcd runs with a 1s progress interval (etcd's default is 10 minutes).
    RecordingListener listener = new RecordingListener();
    long written = store.put(PutRequest.of(key("elsewhere"), Bytes.of("x"))).revision();
    try (Watch watch = store.watch(WatchRequest.key(key("quiet")).withProgressNotify(true), listener)) {
      assertThat(watch.id()).isNotNegative();
      assertThat(listener.awaitProgress()).isGreaterThanOrEqualTo(written);
    }
    assertThat(listener.events()).isEmpty();
    assertThat(listener.cancelCause()).isNull();
  }

  @Test
  void closingTheClientCancelsItsWatchesAsUnavailable() {
    RecordingListener listener = new RecordingListener();
    EtcdKvStore other = etcd.newClient();
    other.watch(WatchRequest.key(key("k")), listener);
    other.close();
    assertThat(listener.cancelCount()).isEqualTo(1);
    assertThat(listener.cancelCause()).isInstanceOf(StoreException.Unavailable.class);
    assertThatThrownBy(() -> other.range(RangeRequest.key(key("k")))).isInstanceOf(StoreException.Unavailable.class);
  }

  @Test
  void statusReportsTheMemberAndTheStore() {
    long written = store.put(PutRequest.of(key("k"), Bytes.of("v"))).revision();
    store.compact(written);
    StoreStatus status = store.status();
    List<Member> members = store.members();
    assertThat(members).hasSize(1);
    Member self = members.getFirst();
    assertThat(status.memberId()).isEqualTo(self.id());
    assertThat(status.leader()).isEqualTo(self.id());
    assertThat(status.revision()).isGreaterThanOrEqualTo(written);
    assertThat(status.compactRevision()).isEqualTo(written);
    assertThat(status.version()).startsWith("3.");
    assertThat(status.dbSize()).isPositive();
    assertThat(status.raftIndex()).isPositive();
    assertThat(status.raftTerm()).isPositive();
    assertThat(status.keys()).isPositive();
    assertThat(status.clusterId()).isNotZero();
    assertThat(status.learner()).isFalse();
    assertThat(self.name()).isEqualTo("default");
    assertThat(self.clientUrls()).containsExactly(etcd.clientUrl());
    assertThat(self.peerUrls()).containsExactly(etcd.peerUrl());
  }

  @Test
  void learnersCanBeAddedAndRemoved() throws IOException {
    String peerUrl = deadEndpoint(); // never started: a learner does not count towards quorum
    Member learner = store.memberAdd(List.of(peerUrl), true);
    try {
      assertThat(learner.learner()).isTrue();
      assertThat(learner.peerUrls()).containsExactly(peerUrl);
      assertThat(learner.name()).as("not started yet").isEmpty();
      assertThat(store.members()).extracting(Member::id).contains(learner.id()).hasSize(2);
      // (Adding the learner's URL again within the same second fails earlier, with "member ID already
      // exist": etcd 3.4 derives a new member's id from its URLs and the time in seconds.)
      assertThatThrownBy(() -> store.memberAdd(List.of(etcd.peerUrl()), false))
          .isInstanceOfSatisfying(StoreException.FailedPrecondition.class,
              e -> assertThat(e.getMessage()).isEqualTo(StoreException.PEER_URL_EXISTS));
    } finally {
      store.memberRemove(learner.id());
    }
    assertThat(store.members()).hasSize(1);
    assertThatThrownBy(() -> store.memberRemove(learner.id()))
        .isInstanceOfSatisfying(StoreException.NotFound.class,
            e -> assertThat(e.getMessage()).isEqualTo(StoreException.MEMBER_NOT_FOUND));
  }
}
