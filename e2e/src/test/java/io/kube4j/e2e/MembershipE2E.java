package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.etcd.EtcdKvStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Changing a running cluster's members as an operator does: {@code etcdctl member add}, then start
 * the new member with {@code --initial-cluster-state existing} (and, for kube4j, the one-step
 * {@code --join URL}); the new member serves what was written before it came; {@code etcdctl
 * member remove} takes it out and the cluster keeps working; {@code etcdctl member list} names every
 * member with its URLs throughout. Runs against the real etcd (the reference) and {@code bin/kube4j
 * store}; {@code -Dcluster.targets} narrows the targets as for {@link ClusterE2E}.
 */
class MembershipE2E {

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);
  private static final String PREFIX = "/members/";
  private static final int EARLY_KEYS = 20;

  static Stream<ClusterTarget> targets() {
    List<String> wanted = Arrays.asList(System.getProperty("cluster.targets", "etcd,kube4j").split(","));
    return Stream.<ClusterTarget>of(new ClusterTarget.Etcd(), new ClusterTarget.Kube4j()).filter(t -> wanted.contains(t.name()));
  }

  @AfterAll
  static void noMemberLeftBehind() {
    assertThat(ClusterMember.killLeftovers()).as("member processes still running after the tests").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void addsAMemberThatServesEarlierWritesThenRemovesIt(ClusterTarget target,
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    try (TestCluster cluster = TestCluster.start(target, 3, dir)) {
      ClusterMember first = cluster.members().getFirst();
      Etcdctl etcdctl = new Etcdctl(String.join(",", cluster.clientUrls()), dir);
      assertMemberList(etcdctl, cluster.members());

      Map<String, String> written = new LinkedHashMap<>();
      for (int i = 0; i < EARLY_KEYS; i++) {
        written.put(PREFIX + "early-" + i, "value-" + i);
      }
      written.forEach((k, v) -> first.client().put(PutRequest.of(Bytes.of(k), Bytes.of(v))));

      // The operator's two steps: member add (the cluster now waits for a member that is not there), then start it.
      ClusterMember fourth = cluster.newMember("m4");
      Etcdctl.Result added = memberAdd(etcdctl, fourth);
      assertThat(added.out()).contains("ETCD_INITIAL_CLUSTER_STATE=\"existing\"").contains(fourth.peerUrl());
      joinAndCheck(cluster, fourth, written, etcdctl);
      removeAndCheck(cluster, fourth, etcdctl);

      if (target.supportsJoin()) {
        ClusterMember fifth = cluster.newJoiningMember("m5", cluster.members().get(1));
        joinAndCheck(cluster, fifth, written, etcdctl);
        assertThat(fifth.logText()).contains("Asking the cluster at " + cluster.members().get(1).clientUrl());
        removeAndCheck(cluster, fifth, etcdctl);
      }
      cluster.assertAllAlive();
    }
  }

  /** Starts {@code member}, waits until it serves and has caught up, and checks what it serves. */
  private static void joinAndCheck(TestCluster cluster, ClusterMember member, Map<String, String> written,
      Etcdctl etcdctl) throws Exception {
    long started = System.nanoTime();
    member.start();
    member.awaitServing(TestCluster.READY_TIMEOUT);
    Duration caughtUp = cluster.awaitCaughtUp(member, CATCH_UP_TIMEOUT);
    System.out.printf("[membership] %s: %s serves after %d ms (caught up %d ms later)%n", cluster.target(), member.name(),
        Poll.millisSince(started) - caughtUp.toMillis(), caughtUp.toMillis());

    // Its own state (serializable) and a linearizable read through it both hold every earlier write.
    EtcdKvStore client = member.client();
    assertThat(values(client.range(RangeRequest.prefix(Bytes.of(PREFIX + "early-")).withSerializable(true)).kvs()))
        .isEqualTo(written);
    assertThat(values(client.range(RangeRequest.prefix(Bytes.of(PREFIX + "early-"))).kvs())).isEqualTo(written);

    // A write through the new member is seen by a linearizable read through an old one.
    String key = PREFIX + "through-" + member.name();
    long revision = client.put(PutRequest.of(Bytes.of(key), Bytes.of("hello"))).revision();
    List<KeyValue> seen = cluster.members().getFirst().client().range(RangeRequest.key(Bytes.of(key))).kvs();
    assertThat(seen).singleElement().satisfies(kv -> {
      assertThat(kv.value().toStringUtf8()).isEqualTo("hello");
      assertThat(kv.modRevision()).isEqualTo(revision);
    });

    // The new member started with an even initial cluster (four members): the target's advice, if it has any.
    cluster.target().evenClusterWarning().ifPresent(warning -> assertThat(member.logText()).contains(warning));

    assertMemberList(etcdctl, cluster.members());
  }

  /**
   * {@code etcdctl member add}, retried (bounded) while the cluster answers "unhealthy cluster": etcd
   * refuses to add a voting member until every member has been connected for five seconds, and
   * refuses before proposing anything, so a retry cannot add the member twice.
   */
  private static Etcdctl.Result memberAdd(Etcdctl etcdctl, ClusterMember member) throws InterruptedException {
    return Poll.until(LIST_TIMEOUT, "`etcdctl member add " + member.name() + "` to succeed", () -> {
      Etcdctl.Result result = etcdctl.run("member", "add", member.name(), "--peer-urls=" + member.peerUrl());
      if (result.exitCode() == 0) {
        return result;
      }
      if (result.all().contains("etcdserver: unhealthy cluster")) {
        throw new IllegalStateException(result.toString());
      }
      throw new AssertionError(result.toString());
    });
  }

  private static void removeAndCheck(TestCluster cluster, ClusterMember member, Etcdctl etcdctl) throws Exception {
    String id = Long.toHexString(member.id());
    Etcdctl.Result removed = etcdctl.run("member", "remove", id).ok();
    assertThat(removed.out()).containsPattern("Member +" + id + " removed from cluster");
    cluster.forget(member);

    ClusterMember leader = cluster.awaitLeader(Duration.ofSeconds(20), List.of());
    String key = PREFIX + "after-removing-" + member.name();
    long revision = leader.client().put(PutRequest.of(Bytes.of(key), Bytes.of("still working"))).revision();
    for (ClusterMember m : cluster.members()) {
      assertThat(m.client().range(RangeRequest.key(Bytes.of(key))).kvs())
          .as("a linearizable read through %s after removing %s", m, member)
          .singleElement().satisfies(kv -> assertThat(kv.modRevision()).isEqualTo(revision));
    }
    assertMemberList(etcdctl, cluster.members());
    System.out.printf("[membership] %s: removed %s; the remaining %d members commit%n", cluster.target(), member.name(),
        cluster.members().size());
  }

  /**
   * {@code etcdctl member list} eventually lists exactly {@code members}, each started, with its name,
   * peer URL and client URL (a member shows its name and client URLs once it has started and
   * published them).
   */
  private static void assertMemberList(Etcdctl etcdctl, List<ClusterMember> members) throws InterruptedException {
    List<String> expected = new ArrayList<>();
    for (ClusterMember m : members) {
      expected.add(String.join(", ", "started", m.name(), m.peerUrl(), m.clientUrl(), "false"));
    }
    Poll.until(LIST_TIMEOUT, "`etcdctl member list` to show " + expected, () -> {
      List<String> listed = new ArrayList<>();
      for (String line : etcdctl.run("member", "list").ok().lines()) {
        listed.add(line.substring(line.indexOf(", ") + 2)); // drop the hex id
      }
      if (listed.size() != expected.size() || !listed.containsAll(expected)) {
        throw new IllegalStateException("listed " + listed);
      }
      return Boolean.TRUE;
    });
    List<String> ids = etcdctl.run("member", "list").ok().lines().stream().map(l -> l.substring(0, l.indexOf(","))).toList();
    assertThat(ids).containsExactlyInAnyOrderElementsOf(
        members.stream().map(m -> Long.toHexString(m.id())).toList());
  }

  private static Map<String, String> values(List<KeyValue> kvs) {
    Map<String, String> values = new LinkedHashMap<>();
    kvs.forEach(kv -> values.put(kv.key().toStringUtf8(), kv.value().toStringUtf8()));
    return values;
  }
}
