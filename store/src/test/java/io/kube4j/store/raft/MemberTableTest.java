package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.api.Member;
import io.kube4j.store.api.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberTableTest {

  @Test
  void addPublishRemoveAndDuplicateChecks() {
    MemberTable table = new MemberTable();
    table.apply(new MemberCommand.Publish(1, "m1", List.of("http://a:1"), List.of("http://a:2379")));
    table.apply(new MemberCommand.Add(2, List.of("http://b:1"), true));
    assertThat(table.get(2)).isEqualTo(new Member(2, "", List.of("http://b:1"), List.of(), true));

    assertThatThrownBy(() -> table.apply(new MemberCommand.Add(3, List.of("http://a:1"), false)))
        .isInstanceOf(StoreException.FailedPrecondition.class).hasMessage(StoreException.PEER_URL_EXISTS);
    assertThatThrownBy(() -> table.apply(new MemberCommand.Add(2, List.of("http://c:1"), false)))
        .isInstanceOf(StoreException.FailedPrecondition.class);

    // the added member starts and publishes: keeps its learner flag, gains a name and client URLs
    List<Member> after = table.apply(new MemberCommand.Publish(2, "m2", List.of(), List.of("http://b:2379")));
    assertThat(after).containsExactly(
        new Member(1, "m1", List.of("http://a:1"), List.of("http://a:2379"), false),
        new Member(2, "m2", List.of("http://b:1"), List.of("http://b:2379"), true));

    assertThat(table.apply(new MemberCommand.Remove(1))).extracting(Member::id).containsExactly(2L);
  }

  @Test
  void snapshotRoundTripReplacesTheTable() throws Exception {
    MemberTable table = new MemberTable();
    table.apply(new MemberCommand.Publish(-5, "neg", List.of("http://n:1"), List.of()));
    table.apply(new MemberCommand.Add(9, List.of("http://x:1", "http://y:1"), false));
    var bytes = new ByteArrayOutputStream();
    table.writeTo(new DataOutputStream(bytes));

    MemberTable restored = new MemberTable();
    restored.apply(new MemberCommand.Publish(77, "stale", List.of(), List.of()));
    restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(restored.all()).isEqualTo(table.all());
    assertThat(restored.get(77)).isNull();
  }
}
