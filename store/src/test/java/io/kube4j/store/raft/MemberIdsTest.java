package io.kube4j.store.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemberIdsTest {

  @Test
  void memberIdsAreDerivedFromNormalizedPeerUrlsAndToken() {
    long id = MemberIds.memberId(List.of("http://10.0.0.1:2380"), "t");
    assertThat(MemberIds.memberId(List.of("HTTP://10.0.0.1:2380/"), "t")).isEqualTo(id);
    assertThat(MemberIds.memberId(List.of("http://10.0.0.1:2380", "http://h:2380"), "t"))
        .isEqualTo(MemberIds.memberId(List.of("http://h:2380", "http://10.0.0.1:2380"), "t"));
    assertThat(MemberIds.memberId(List.of("http://10.0.0.1:2380"), "other")).isNotEqualTo(id);
    assertThat(MemberIds.memberId(List.of("http://10.0.0.1:2381"), "t")).isNotEqualTo(id);
    assertThat(id).isNotZero();
  }

  @Test
  void peerIdsAreHexOfTheMemberIdAndRoundTripForEveryBitPattern() {
    for (long id : new long[] {1, 0x8e9e05c52164694dL, -1L, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertThat(MemberIds.memberId(MemberIds.peerId(id))).isEqualTo(id);
    }
    assertThat(MemberIds.peerId(0x8e9e05c52164694dL).toString()).isEqualTo("8e9e05c52164694d");
  }

  @Test
  void clusterAndGroupComeFromTheToken() {
    assertThat(MemberIds.groupId("a")).isEqualTo(MemberIds.groupId("a")).isNotEqualTo(MemberIds.groupId("b"));
    assertThat(MemberIds.clusterId("a")).isEqualTo(MemberIds.clusterId("a")).isNotEqualTo(MemberIds.clusterId("b"));
  }

  @Test
  void addressesAndValidation() {
    assertThat(MemberIds.address("http://127.0.0.1:2380")).isEqualTo("127.0.0.1:2380");
    assertThat(MemberIds.normalize("https://Node-1:2380/x")).isEqualTo("https://node-1:2380");
    assertThatThrownBy(() -> MemberIds.normalize("http://host")).isInstanceOf(IllegalArgumentException.class);
  }
}
