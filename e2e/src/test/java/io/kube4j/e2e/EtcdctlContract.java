package io.kube4j.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code etcdctl} (API v3) sees of a store, asserted identically for every target: subclasses
 * only say which process serves the API. The real etcd passing this suite is what keeps the
 * assertions honest; kube4j passing it is the claim. Each test works under its own key prefix, so
 * the tests share one store process per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EtcdctlContract {

  static final Duration WATCH_WAIT = Duration.ofSeconds(15);
  static final String MEMBER = "e2e";

  private StoreProcess store;
  Etcdctl etcdctl;
  /** This test's key prefix, e.g. {@code /watch/}. */
  String p;

  /** Starts the store under test; it must serve the etcd v3 API at its client URL when this returns. */
  abstract StoreProcess startStore(String memberName, Path dir) throws Exception;

  /** {@code workDir} holds data, logs and etcdctl output; kept when a test fails, to read what the processes said. */
  @BeforeAll
  void startStore(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path workDir) throws Exception {
    store = startStore(MEMBER, workDir);
    etcdctl = new Etcdctl(store.clientUrl(), workDir);
  }

  @AfterAll
  void stopStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @BeforeEach
  void prefix(TestInfo test) {
    p = "/" + test.getTestMethod().orElseThrow().getName() + "/";
  }

  @AfterEach
  void storeStillRuns() {
    store.assertAlive();
  }

  long currentRevision() {
    return etcdctl.run("get", "/", "-w", "json").json().num("header.revision");
  }

  long put(String key, String value) {
    return etcdctl.run("put", key, value, "-w", "json").json().num("header.revision");
  }

  @Test
  void putAndGetWithPrefixRevisionLimitAndKeysOnly() {
    assertThat(etcdctl.run("put", p + "a", "1").ok().out()).isEqualTo("OK\n");
    long revB = put(p + "b", "2");
    long revC = put(p + "c", "3");
    assertThat(revC).isEqualTo(revB + 1);

    assertThat(etcdctl.run("get", "--prefix", p).ok().lines()).containsExactly(p + "a", "1", p + "b", "2", p + "c", "3");
    assertThat(etcdctl.run("get", p + "b").ok().lines()).containsExactly(p + "b", "2");
    assertThat(etcdctl.run("get", p + "missing").ok().out()).isEmpty();

    long revB2 = put(p + "b", "2b");
    Json b = etcdctl.run("get", p + "b", "-w", "json").json();
    assertThat(b.num("header.revision")).isEqualTo(revB2);
    assertThat(b.base64("kvs.0.key")).isEqualTo(p + "b");
    assertThat(b.base64("kvs.0.value")).isEqualTo("2b");
    assertThat(b.num("kvs.0.create_revision")).isEqualTo(revB);
    assertThat(b.num("kvs.0.mod_revision")).isEqualTo(revB2);
    assertThat(b.num("kvs.0.version")).isEqualTo(2);
    assertThat(b.num("count")).isEqualTo(1);

    // --rev reads the past: at revB2 - 1 the key still held its first value.
    assertThat(etcdctl.run("get", p + "b", "--rev", Long.toString(revB2 - 1)).ok().lines()).containsExactly(p + "b", "2");
    assertThat(etcdctl.run("get", "--prefix", p, "--rev", Long.toString(revB)).ok().lines())
        .containsExactly(p + "a", "1", p + "b", "2");
    Etcdctl.Result future = etcdctl.run("get", p + "b", "--rev", Long.toString(revB2 + 1000));
    assertThat(future.exitCode()).as(future.toString()).isNotZero();
    assertThat(future.all()).contains("required revision is a future revision");

    Json limited = etcdctl.run("get", "--prefix", p, "--limit", "2", "-w", "json").json();
    assertThat(limited.size("kvs")).isEqualTo(2);
    assertThat(limited.base64("kvs.1.key")).isEqualTo(p + "b");
    assertThat(limited.bool("more")).isTrue();
    assertThat(limited.num("count")).isEqualTo(3);
    assertThat(etcdctl.run("get", "--prefix", p, "--limit", "2").ok().lines()).containsExactly(p + "a", "1", p + "b", "2b");

    assertThat(etcdctl.run("get", "--prefix", p, "--keys-only").ok().lines())
        .containsExactly(p + "a", "", p + "b", "", p + "c", "");
    Json keysOnly = etcdctl.run("get", "--prefix", p, "--keys-only", "-w", "json").json();
    assertThat(keysOnly.base64("kvs.2.key")).isEqualTo(p + "c");
    assertThat(keysOnly.at("kvs.2.value")).isNull();

    // Counting: etcdctl 3.5+ has --count-only; 3.4 counts through `count` next to a limited page.
    assertThat(etcdctl.run("get", "--prefix", p, "--limit", "1", "-w", "json").json().num("count")).isEqualTo(3);
    if (etcdctl.supports("get", "--count-only")) {
      Json counted = etcdctl.run("get", "--prefix", p, "--count-only", "-w", "json").json();
      assertThat(counted.num("count")).isEqualTo(3);
      assertThat(counted.size("kvs")).isZero();
    }
  }

  @Test
  void deleteWithPrevKvAndPrefix() {
    put(p + "a", "va");
    put(p + "b", "vb");
    put(p + "c", "vc");

    assertThat(etcdctl.run("del", "--prev-kv", p + "a").ok().lines()).containsExactly("1", p + "a", "va");
    assertThat(etcdctl.run("del", p + "a").ok().lines()).containsExactly("0");
    Json deleted = etcdctl.run("del", "--prefix", p, "-w", "json").json();
    assertThat(deleted.num("deleted")).isEqualTo(2);
    assertThat(etcdctl.run("get", "--prefix", p).ok().out()).isEmpty();
    // A delete that removes nothing does not move the revision.
    long revision = currentRevision();
    etcdctl.run("del", "--prefix", p).ok();
    assertThat(currentRevision()).isEqualTo(revision);
  }

  @Test
  void txnReadsComparesAndBranchesFromStdin() {
    put(p + "k", "v1");

    String succeeds = """
        value("%1$sk") = "v1"
        create("%1$snone") = "0"

        put %1$sk "v2"
        get %1$sk

        put %1$sfailed "x"

        """.formatted(p);
    assertThat(etcdctl.runWithInput(succeeds, "txn").ok().lines())
        .containsExactly("SUCCESS", "", "OK", "", p + "k", "v2");
    assertThat(etcdctl.run("get", p + "failed").ok().out()).isEmpty();

    String fails = """
        mod("%1$sk") < "1"


        put %1$sother "y"
        del %1$sk

        """.formatted(p);
    assertThat(etcdctl.runWithInput(fails, "txn").ok().lines()).containsExactly("FAILURE", "", "OK", "", "1");
    assertThat(etcdctl.run("get", "--prefix", p).ok().lines()).containsExactly(p + "other", "y");

    String asJson = """
        version("%1$sother") = "1"

        put %1$sother "z"


        """.formatted(p);
    Json txn = etcdctl.runWithInput(asJson, "txn", "-w", "json").json();
    assertThat(txn.bool("succeeded")).isTrue();
    assertThat(txn.num("responses.0.Response.ResponsePut.header.revision")).isEqualTo(txn.num("header.revision"));
  }

  @Test
  void watchSeesPutsAndDeletesReplaysFromARevisionAndShowsPrevKv() throws Exception {
    long start = currentRevision() + 1;
    // Watching from a revision makes the test independent of when the watch registers.
    try (Etcdctl.Watcher watcher = etcdctl.watch("--prefix", p, "--rev", Long.toString(start))) {
      long putRev = put(p + "a", "v1");
      etcdctl.run("del", p + "a").ok();
      assertThat(watcher.next(6, WATCH_WAIT)).containsExactly("PUT", p + "a", "v1", "DELETE", p + "a", "");
      assertThat(putRev).isEqualTo(start);
    }

    try (Etcdctl.Watcher replay = etcdctl.watch(p + "a", "--rev", Long.toString(start))) {
      assertThat(replay.next(6, WATCH_WAIT)).containsExactly("PUT", p + "a", "v1", "DELETE", p + "a", "");
    }

    long next = currentRevision() + 1;
    try (Etcdctl.Watcher withPrev = etcdctl.watch("--prev-kv", p + "b", "--rev", Long.toString(next))) {
      put(p + "b", "one");
      put(p + "b", "two");
      etcdctl.run("del", p + "b").ok();
      assertThat(withPrev.next(3 + 5 + 5, WATCH_WAIT)).containsExactly(
          "PUT", p + "b", "one",
          "PUT", p + "b", "one", p + "b", "two",
          "DELETE", p + "b", "two", p + "b", "");
    }
  }

  @Test
  void leaseGrantAttachKeepAliveRevokeAndList() {
    Matcher granted = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\(60s\\)")
        .matcher(etcdctl.run("lease", "grant", "60").ok().out().strip());
    assertThat(granted.matches()).as("lease grant output").isTrue();
    String id = granted.group(1);

    assertThat(etcdctl.run("put", "--lease=" + id, p + "a", "x").ok().out()).isEqualTo("OK\n");
    assertThat(etcdctl.run("get", p + "a", "-w", "json").json().num("kvs.0.lease")).isEqualTo(Long.parseUnsignedLong(id, 16));

    String ttl = etcdctl.run("lease", "timetolive", id, "--keys").ok().out().strip();
    Matcher remaining = Pattern.compile("lease " + id + " granted with TTL\\(60s\\), remaining\\((\\d+)s\\), attached keys\\(\\[" +
        Pattern.quote(p + "a") + "\\]\\)").matcher(ttl);
    assertThat(remaining.matches()).as(ttl).isTrue();
    assertThat(Integer.parseInt(remaining.group(1))).isBetween(30, 60);

    assertThat(etcdctl.run("lease", "keep-alive", "--once", id).ok().out().strip())
        .isEqualTo("lease " + id + " keepalived with TTL(60)");

    List<String> listed = etcdctl.run("lease", "list").ok().lines();
    assertThat(listed.getFirst()).matches("found \\d+ leases");
    assertThat(listed).contains(id);

    assertThat(etcdctl.run("lease", "revoke", id).ok().out().strip()).isEqualTo("lease " + id + " revoked");
    assertThat(etcdctl.run("get", p + "a").ok().out()).as("keys of a revoked lease are deleted").isEmpty();
    assertThat(etcdctl.run("lease", "timetolive", id).ok().out().strip()).isEqualTo("lease " + id + " already expired");
    assertThat(etcdctl.run("lease", "list").ok().lines()).doesNotContain(id);
    Etcdctl.Result gone = etcdctl.run("lease", "keep-alive", "--once", id);
    assertThat(gone.exitCode()).as(gone.toString()).isNotZero();
    assertThat(gone.all()).contains("requested lease not found");
  }

  @Test
  void compactionMakesOldRevisionsUnreadable() throws Exception {
    long first = put(p + "a", "1");
    long second = put(p + "a", "2");

    assertThat(etcdctl.run("compaction", Long.toString(second)).ok().out().strip())
        .isEqualTo("compacted revision " + second);

    Etcdctl.Result compacted = etcdctl.run("get", p + "a", "--rev", Long.toString(first));
    assertThat(compacted.exitCode()).as(compacted.toString()).isNotZero();
    assertThat(compacted.all()).contains("required revision has been compacted");
    assertThat(etcdctl.run("get", p + "a", "--rev", Long.toString(second)).ok().lines()).containsExactly(p + "a", "2");
    assertThat(etcdctl.run("get", p + "a").ok().lines()).containsExactly(p + "a", "2");

    Etcdctl.Result again = etcdctl.run("compaction", Long.toString(second));
    assertThat(again.exitCode()).as(again.toString()).isNotZero();
    assertThat(again.all()).contains("required revision has been compacted");

    // A watch from a compacted revision is cancelled by the server; etcdctl says why and exits.
    try (Etcdctl.Watcher watcher = etcdctl.watch(p + "a", "--rev", Long.toString(first))) {
      assertThat(watcher.awaitExit(WATCH_WAIT)).isNotZero();
      assertThat(watcher.stderr())
          .contains("watch was canceled (etcdserver: mvcc: required revision has been compacted)");
    }
  }

  @Test
  void memberListEndpointStatusAndHealth() {
    put(p + "a", "1");
    long revision = currentRevision();

    List<String> members = etcdctl.run("member", "list").ok().lines();
    assertThat(members).hasSize(1);
    List<String> fields = List.of(members.getFirst().split(", ", -1));
    assertThat(fields).hasSize(6);
    assertThat(fields.get(1)).isEqualTo("started");
    assertThat(fields.get(2)).isEqualTo(MEMBER);
    assertThat(fields.get(3)).isEqualTo(store.peerUrl());
    assertThat(fields.get(4)).isEqualTo(store.clientUrl());
    assertThat(fields.get(5)).isEqualTo("false");

    Json listed = etcdctl.run("member", "list", "-w", "json").json();
    assertThat(listed.str("members.0.name")).isEqualTo(MEMBER);
    assertThat(listed.big("members.0.ID").toString(16)).isEqualTo(fields.getFirst());
    assertThat(listed.str("members.0.clientURLs.0")).isEqualTo(store.clientUrl());

    Json status = etcdctl.run("endpoint", "status", "-w", "json").json();
    assertThat(status.str("0.Endpoint")).isEqualTo(store.clientUrl());
    assertThat(status.big("0.Status.header.member_id")).isEqualTo(listed.big("members.0.ID"));
    assertThat(status.big("0.Status.leader")).as("a one-member cluster leads itself").isEqualTo(listed.big("members.0.ID"));
    assertThat(status.big("0.Status.header.cluster_id")).isEqualTo(listed.big("header.cluster_id")).isNotZero();
    assertThat(status.num("0.Status.header.revision")).isGreaterThanOrEqualTo(revision);
    assertThat(status.num("0.Status.raftTerm")).isPositive();
    assertThat(status.num("0.Status.raftIndex")).isPositive();
    assertThat(status.num("0.Status.dbSize")).isPositive();
    assertThat(status.str("0.Status.version")).matches("\\d+\\.\\d+\\.\\d+.*");

    List<String> simple = List.of(etcdctl.run("endpoint", "status").ok().out().strip().split(", ", -1));
    assertThat(simple.get(0)).isEqualTo(store.clientUrl());
    assertThat(simple.get(1)).isEqualTo(fields.getFirst());
    assertThat(simple.get(4)).as("is leader").isEqualTo("true");
    assertThat(simple.get(5)).as("is learner").isEqualTo("false");

    Etcdctl.Result health = etcdctl.run("endpoint", "health").ok();
    assertThat(health.all()).contains(store.clientUrl() + " is healthy: successfully committed proposal");
  }
}
