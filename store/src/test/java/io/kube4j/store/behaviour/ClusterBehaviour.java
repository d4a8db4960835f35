package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status and membership as any store reports them (no membership change: the store is shared). */
public abstract class ClusterBehaviour extends StoreBehaviour {

  @Test
  void statusFollowsTheStore() {
    long written = put("k", "v");
    StoreStatus status = store().status();
    assertThat(status.compactRevision()).isBetween(0L, status.revision());
    assertThat(status.keys()).isPositive();
    assertThat(status.raftTerm()).isPositive();
    assertThat(status.raftIndex()).isPositive();
    List<Member> members = store().members();
    assertThat(members).extracting(Member::id).contains(status.memberId(), status.leader());
    long next = put("k", "w");
    assertThat(next).isEqualTo(written + 1);
    // Status comes from whichever member answers, which may lag behind for a moment.
    await().atMost(Duration.ofSeconds(10)).until(() -> store().status().revision() >= next);
  }

  @Test
  void everyMemberHasItsUrls() {
    assertThat(store().members()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.id()).isNotZero();
      assertThat(m.peerUrls()).isNotEmpty();
    });
  }

  @Test
  void removingAnUnknownMemberFails() {
    List<Member> before = store().members();
    long unknown = before.stream().mapToLong(Member::id).max().orElse(0) ^ 0x5a5a_5a5a_5a5aL;
    expectError(StoreException.NotFound.class, StoreException.Code.NOT_FOUND, StoreException.MEMBER_NOT_FOUND,
        () -> store().memberRemove(unknown));
    assertThat(store().members()).isEqualTo(before);
  }
}
