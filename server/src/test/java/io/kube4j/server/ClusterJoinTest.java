package io.kube4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Member;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterJoinTest {

  private static final List<URI> SELF_PEERS = List.of(URI.create("http://10.0.0.4:2380"));

  @Test
  void runningMembersKeepTheirNamesAndTheNewMemberTakesItsOwn() {
    List<Member> answer = List.of(
        new Member(0x1aL, "m1", List.of("http://10.0.0.1:2380"), List.of("http://10.0.0.1:2379"), false),
        new Member(0x2bL, "m2", List.of("http://10.0.0.2:2380", "http://10.9.0.2:2380"), List.of(), false),
        new Member(0x4dL, "", List.of("http://10.0.0.4:2380"), List.of(), false));

    Map<String, URI> cluster = ClusterJoin.initialCluster(0x4dL, "m4", SELF_PEERS, answer);

    assertThat(cluster).containsExactly(
        Map.entry("m1", URI.create("http://10.0.0.1:2380")),
        Map.entry("m2", URI.create("http://10.0.0.2:2380")),
        Map.entry("m4", URI.create("http://10.0.0.4:2380")));
  }

  @Test
  void membersNotStartedYetGoByTheirHexId() {
    List<Member> answer = List.of(
        new Member(0x1aL, "m1", List.of("http://10.0.0.1:2380"), List.of(), false),
        new Member(0xbdae9bbc11dd390dL, "", List.of("http://10.0.0.3:2380"), List.of(), false),
        new Member(0x4dL, "", List.of("http://10.0.0.4:2380"), List.of(), false));

    Map<String, URI> cluster = ClusterJoin.initialCluster(0x4dL, "m4", SELF_PEERS, answer);

    assertThat(cluster).containsEntry("bdae9bbc11dd390d", URI.create("http://10.0.0.3:2380"));
    assertThat(cluster).containsOnlyKeys("m1", "bdae9bbc11dd390d", "m4");
  }

  @Test
  void theNewMemberIsListedEvenWhenTheAnswerOmitsIt() {
    List<Member> answer = List.of(new Member(0x1aL, "m1", List.of("http://10.0.0.1:2380"), List.of(), false));

    assertThat(ClusterJoin.initialCluster(0x4dL, "m4", SELF_PEERS, answer))
        .containsExactly(Map.entry("m1", URI.create("http://10.0.0.1:2380")), Map.entry("m4", SELF_PEERS.getFirst()));
  }
}
