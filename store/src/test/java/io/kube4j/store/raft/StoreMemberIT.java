package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.StoreConfig;
import io.kube4j.store.StoreMember;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoreMember}: starts serving once a leader is known, publishes itself, closes cleanly. */
@Timeout(120)
class StoreMemberIT {
  @TempDir Path dir;

  @Test
  void startsServesPublishesAndTerminates() throws Exception {
    URI peer = RaftTestSupport.freePeerUrl();
    URI client = URI.create("http://127.0.0.1:12379");
    StoreConfig config = RaftTestSupport.single(dir, peer, 1000).withClientUrls(List.of(client), List.of(client));
    StoreMember member = StoreMember.start(config);
    CountDownLatch terminated = new CountDownLatch(1);
    Thread.ofVirtual().start(() -> {
      try {
        member.awaitTermination();
        terminated.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      assertThat(member.clientUrls()).containsExactly(client);
      assertThat(member.memberId()).isEqualTo(MemberIds.memberId(List.of(peer.toString()), "kube4j-test"));
      assertThat(member.clusterId()).isEqualTo(MemberIds.clusterId("kube4j-test"));
      assertThat(member.raftTerm()).isPositive();
      long revision = member.kv().put(PutRequest.of(Bytes.of("/a"), Bytes.of("1"))).revision();
      assertThat(member.kv().range(RangeRequest.key(Bytes.of("/a"))).kvs().getFirst().modRevision()).isEqualTo(revision);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(member.kv().members()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("m0");
            assertThat(m.clientUrls()).containsExactly(client.toString());
            assertThat(m.peerUrls()).containsExactly(peer.toString());
          }));
      assertThat(terminated.getCount()).isEqualTo(1);
    } finally {
      member.close();
      member.close(); // idempotent
    }
    assertThat(terminated.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
