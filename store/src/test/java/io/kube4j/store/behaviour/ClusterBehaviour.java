package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.StoreStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status and membership as any store reports them (no membership change: the store is shared). */
public abstract class ClusterBehaviour extends StoreBehaviour {

  @Test
  void statusFollowsTheStore() {
    long written = put("k", "v");
    StoreStatus status = store().status();
    assertThat(status.revision()).isGreaterThanOrEqualTo(written);
    assertThat(status.compactRevision()).isBetween(0L, status.revision());
    assertThat(status.keys()).isPositive();
    assertThat(status.raftTerm()).isPositive();
    assertThat(status.raftIndex()).isPositive();
    List<Member> members = store().members();
    assertThat(members).extracting(Member::id).contains(status.memberId(), status.leader());
    assertThat(put("k", "w")).isEqualTo(written + 1);
    assertThat(store().status().revision()).isGreaterThanOrEqualTo(written + 1);
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
