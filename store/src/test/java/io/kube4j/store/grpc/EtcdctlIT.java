package io.kube4j.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.RangeRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real etcdctl 3.4 binary (ETCDCTL_API=3), unchanged, against {@link EtcdGrpcServer}. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EtcdctlIT {
  private static LocalEtcdServer etcd;
  private static Etcdctl etcdctl;

  @BeforeAll
  static void start() {
    etcd = new LocalEtcdServer();
    etcdctl = new Etcdctl(etcd.endpoint);
  }

  @AfterAll
  static void stop() {
    if (etcd != null) {
      etcd.close();
    }
  }

  private static long revisionIn(String json) {
    Matcher m = Pattern.compile("\"revision\":(\\d+)").matcher(json);
    assertThat(m.find()).as("a revision in %s", json).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void putGetDelete() {
    assertThat(etcdctl.run("put", "ctl/a", "alpha").ok().stdout()).isEqualTo("OK\n");
    etcdctl.run("put", "ctl/b", "beta").ok();
    assertThat(etcdctl.run("get", "ctl/a").ok().stdout()).isEqualTo("ctl/a\nalpha\n");
    assertThat(etcdctl.run("get", "ctl/", "--prefix").ok().stdout()).isEqualTo("ctl/a\nalpha\nctl/b\nbeta\n");
    assertThat(etcdctl.run("get", "ctl/", "--prefix", "--keys-only", "--sort-by=KEY", "--order=DESCEND").ok()
        .stdout()).isEqualTo("ctl/b\n\nctl/a\n\n");
    String json = etcdctl.run("get", "ctl/a", "-w", "json").ok().stdout();
    assertThat(json).contains("\"cluster_id\":" + LocalEtcdServer.CLUSTER_ID)
        .contains("\"member_id\":" + LocalEtcdServer.MEMBER_ID).contains("\"raft_term\":" + LocalEtcdServer.RAFT_TERM);
    assertThat(revisionIn(json)).isEqualTo(etcd.kv.status().revision());
    assertThat(etcdctl.run("del", "ctl/", "--prefix").ok().stdout()).isEqualTo("2\n");
    assertThat(etcdctl.run("get", "ctl/a").ok().stdout()).isEmpty();
  }

  @Test
  void txnFromStdin() {
    etcdctl.run("put", "tx/k", "v1").ok();
    String script = "value(\"tx/k\") = \"v1\"\n\nput tx/k v2\nput tx/other o\n\nput tx/k failed\n\n";
    Etcdctl.Result hit = etcdctl.runWithInput(script, "txn").ok();
    assertThat(hit.stdout()).startsWith("SUCCESS");
    assertThat(etcdctl.run("get", "tx/k", "--print-value-only").ok().stdout()).isEqualTo("v2\n");
    Etcdctl.Result miss = etcdctl.runWithInput(script, "txn").ok();
    assertThat(miss.stdout()).startsWith("FAILURE");
    assertThat(etcdctl.run("get", "tx/k", "--print-value-only").ok().stdout()).isEqualTo("failed\n");
  }

  @Test
  void watchPrintsEveryChange() throws Exception {
    long next = etcd.kv.status().revision() + 1;
    Process watch = etcdctl.start("watch", "wt/", "--prefix", "--rev=" + next);
    Etcdctl.Drain errors = Etcdctl.drain(watch.getErrorStream());
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (var in = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        // the process was ended
      }
    });
    try {
      etcdctl.run("put", "wt/a", "1").ok();
      etcdctl.run("put", "wt/b", "2").ok();
      etcdctl.run("del", "wt/a").ok();
      await().atMost(Duration.ofSeconds(30)).until(() -> lines.size() >= 8);
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
      reader.join(5_000);
    }
    assertThat(lines).startsWith("PUT", "wt/a", "1", "PUT", "wt/b", "2", "DELETE", "wt/a");
    errors.join(5_000);
    assertThat(errors.text()).as("a watch that never broke").isEmpty();
  }

  @Test
  void leaseLifecycle() {
    String granted = etcdctl.run("lease", "grant", "60").ok().stdout();
    Matcher m = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\(60s\\)").matcher(granted);
    assertThat(m.find()).as(granted).isTrue();
    String id = m.group(1);
    etcdctl.run("put", "--lease=" + id, "ls/k", "v").ok();
    assertThat(etcdctl.run("lease", "list").ok().stdout()).contains("found 1 leases").contains(id);
    assertThat(etcdctl.run("lease", "timetolive", id, "--keys").ok().stdout())
        .contains("lease " + id + " granted with TTL(60s)").contains("attached keys([ls/k])");
    assertThat(etcdctl.run("lease", "keep-alive", "--once", id).ok().stdout())
        .contains("lease " + id + " keepalived with TTL(60)");
    assertThat(etcdctl.run("lease", "revoke", id).ok().stdout()).contains("lease " + id + " revoked");
    assertThat(etcdctl.run("get", "ls/k").ok().stdout()).isEmpty();
    assertThat(etcdctl.run("lease", "timetolive", id).ok().stdout()).contains("already expired");
    assertThat(etcdctl.run("lease", "list").ok().stdout()).contains("found 0 leases");
  }

  @Test
  void compactionRefusesOldReads() {
    long first = revisionIn(etcdctl.run("put", "cp/k", "1", "-w", "json").ok().stdout());
    long last = revisionIn(etcdctl.run("put", "cp/k", "2", "-w", "json").ok().stdout());
    assertThat(etcdctl.run("get", "cp/k", "--rev=" + first, "--print-value-only").ok().stdout()).isEqualTo("1\n");
    assertThat(etcdctl.run("compaction", String.valueOf(last)).ok().stdout())
        .isEqualTo("compacted revision " + last + "\n");
    Etcdctl.Result old = etcdctl.run("get", "cp/k", "--rev=" + first);
    assertThat(old.exitCode()).isNotZero();
    assertThat(old.stderr()).contains("etcdserver: mvcc: required revision has been compacted");
    assertThat(etcd.kv.range(RangeRequest.key(Bytes.of("cp/k"))).kvs().getFirst().value())
        .isEqualTo(Bytes.of("2"));
  }

  @Test
  void endpointStatusHealthMembersAlarmsDefrag() {
    String status = etcdctl.run("endpoint", "status", "-w", "json").ok().stdout();
    assertThat(status).contains("\"version\":\"3.5.0\"").contains("\"member_id\":" + LocalEtcdServer.MEMBER_ID)
        .contains("\"leader\":" + etcd.kv.status().leader());
    assertThat(etcdctl.run("endpoint", "status").ok().stdout()).contains(etcd.endpoint.toString()).contains("3.5.0");
    Etcdctl.Result health = etcdctl.run("endpoint", "health").ok();
    assertThat(health.stdout() + health.stderr()).contains(etcd.endpoint + " is healthy"); // 3.4 prints to stderr
    assertThat(etcdctl.run("member", "list").ok().stdout())
        .startsWith(Long.toHexString(etcd.kv.members().getFirst().id()) + ", started, "
            + etcd.kv.members().getFirst().name());
    assertThat(etcdctl.run("alarm", "list").ok().stdout()).isEmpty();
    assertThat(etcdctl.run("defrag").ok().stdout()).contains("Finished defragmenting etcd member");
  }
}
