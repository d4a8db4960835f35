package io.kube4j.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jetcd-core, unchanged, against {@link EtcdGrpcServer} over a {@link io.kube4j.store.mvcc.LocalKvStore}. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JetcdClientIT {
  private static LocalEtcdServer etcd;
  private static Client client;
  private static KV kv;

  @BeforeAll
  static void start() {
    etcd = new LocalEtcdServer(WatchSettings.defaults().withProgressNotifyInterval(Duration.ofMillis(500)));
    client = Client.builder().endpoints(etcd.endpoint).build();
    kv = client.getKVClient();
    // The first call sets up the connection and loads half of Vert.x: allow for a loaded machine.
    kv.get(bs("warm-up")).orTimeout(60, TimeUnit.SECONDS).join();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static String str(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void putGetDeleteCarryEtcdHeadersAndKeyValues() throws Exception {
    PutResponse first = get(kv.put(bs("kv/a"), bs("1")));
    assertThat(first.getHeader().getClusterId()).isEqualTo(LocalEtcdServer.CLUSTER_ID);
    assertThat(first.getHeader().getMemberId()).isEqualTo(LocalEtcdServer.MEMBER_ID);
    assertThat(first.getHeader().getRaftTerm()).isEqualTo(LocalEtcdServer.RAFT_TERM);
    long rev = first.getHeader().getRevision();
    PutResponse second = get(kv.put(bs("kv/a"), bs("2"), PutOption.builder().withPrevKV().build()));
    assertThat(second.getHeader().getRevision()).isEqualTo(rev + 1);
    assertThat(second.hasPrevKv()).isTrue();
    assertThat(str(second.getPrevKv().getValue())).isEqualTo("1");
    get(kv.put(bs("kv/b"), bs("3")));

    GetResponse one = get(kv.get(bs("kv/a")));
    KeyValue a = one.getKvs().getFirst();
    assertThat(str(a.getValue())).isEqualTo("2");
    assertThat(a.getCreateRevision()).isEqualTo(rev);
    assertThat(a.getModRevision()).isEqualTo(rev + 1);
    assertThat(a.getVersion()).isEqualTo(2);
    assertThat(one.getHeader().getRevision()).isEqualTo(rev + 2);

    GetResponse prefix = get(kv.get(bs("kv/"), GetOption.builder().isPrefix(true)
        .withSortOrder(GetOption.SortOrder.DESCEND).withLimit(1).build()));
    assertThat(prefix.getKvs()).extracting(kvp -> str(kvp.getKey())).containsExactly("kv/b");
    assertThat(prefix.isMore()).isTrue();
    assertThat(prefix.getCount()).isEqualTo(2);

    var deleted = get(kv.delete(bs("kv/"), DeleteOption.builder().isPrefix(true).withPrevKV(true).build()));
    assertThat(deleted.getDeleted()).isEqualTo(2);
    assertThat(deleted.getPrevKvs()).extracting(kvp -> str(kvp.getValue())).containsExactly("2", "3");
    assertThat(get(kv.get(bs("kv/a"))).getKvs()).isEmpty();
  }

  @Test
  void txnTakesTheBranchItsComparesChoose() throws Exception {
    get(kv.put(bs("txn/k"), bs("v1")));
    TxnResponse hit = get(kv.txn()
        .If(new Cmp(bs("txn/k"), Cmp.Op.EQUAL, CmpTarget.value(bs("v1"))))
        .Then(Op.put(bs("txn/k"), bs("v2"), PutOption.DEFAULT), Op.get(bs("txn/k"), GetOption.DEFAULT))
        .Else(Op.get(bs("txn/k"), GetOption.DEFAULT))
        .commit());
    assertThat(hit.isSucceeded()).isTrue();
    assertThat(hit.getPutResponses()).hasSize(1);
    assertThat(str(hit.getGetResponses().getFirst().getKvs().getFirst().getValue())).isEqualTo("v2");

    TxnResponse miss = get(kv.txn()
        .If(new Cmp(bs("txn/k"), Cmp.Op.GREATER, CmpTarget.version(5)))
        .Then(Op.delete(bs("txn/k"), DeleteOption.DEFAULT))
        .Else(Op.get(bs("txn/k"), GetOption.DEFAULT))
        .commit());
    assertThat(miss.isSucceeded()).isFalse();
    assertThat(str(miss.getGetResponses().getFirst().getKvs().getFirst().getValue())).isEqualTo("v2");
    assertThat(miss.getHeader().getRevision()).isEqualTo(hit.getHeader().getRevision());
  }

  @Test
  void storeErrorsArriveWithEtcdsCodesAndMessages() throws Exception {
    assertThat(failureOf(() -> get(kv.put(ByteSequence.EMPTY, bs("v")))))
        .isEqualTo(Status.INVALID_ARGUMENT.withDescription("etcdserver: key is not provided").toString());
    long rev = get(kv.put(bs("err/k"), bs("v"))).getHeader().getRevision();
    assertThat(failureOf(() -> get(kv.get(bs("err/k"), GetOption.builder().withRevision(rev + 1000).build()))))
        .isEqualTo(Status.OUT_OF_RANGE.withDescription("etcdserver: mvcc: required revision is a future revision")
            .toString());
  }

  /** The gRPC status a failed call ended with, as "Status{code, description}". */
  private static String failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    // jetcd hands some failures over as its own EtcdException, with the gRPC code and description.
    Status status = thrown.getCause() instanceof EtcdException e
        ? Status.fromCode(Status.Code.valueOf(e.getErrorCode().name())).withDescription(e.getMessage())
        : Status.fromThrowable(thrown.getCause());
    assertThat(status.getCode()).as("the status of %s", thrown.getCause()).isNotEqualTo(Status.Code.UNKNOWN);
    return Status.fromCode(status.getCode()).withDescription(status.getDescription()).toString();
  }

  @Test
  void watchDeliversEventsInOrderWithPrevKvs() throws Exception {
    long start = get(kv.put(bs("w/a"), bs("0"))).getHeader().getRevision() + 1;
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watch.Watcher watcher = client.getWatchClient().watch(bs("w/"),
        WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(start).build(),
        response -> events.addAll(response.getEvents()));
    try {
      get(kv.put(bs("w/a"), bs("1")));
      get(kv.put(bs("w/b"), bs("2")));
      get(kv.delete(bs("w/a")));
      await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 3);
    } finally {
      watcher.close();
    }
    assertThat(events).extracting(WatchEvent::getEventType).containsExactly(WatchEvent.EventType.PUT,
        WatchEvent.EventType.PUT, WatchEvent.EventType.DELETE);
    assertThat(events).extracting(e -> e.getKeyValue().getModRevision()).containsExactly(start, start + 1, start + 2);
    assertThat(str(events.get(0).getPrevKV().getValue())).isEqualTo("0");
    assertThat(str(events.get(2).getPrevKV().getValue())).isEqualTo("1");
    assertThat(events.get(2).getKeyValue().getVersion()).isZero();
  }

  @Test
  void watchFromACompactedRevisionFailsWithTheCompactRevision() throws Exception {
    long first = get(kv.put(bs("c/k"), bs("1"))).getHeader().getRevision();
    long last = get(kv.put(bs("c/k"), bs("2"))).getHeader().getRevision();
    get(kv.compact(last));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Watch.Watcher watcher = client.getWatchClient().watch(bs("c/k"),
        WatchOption.builder().withRevision(first).build(), Watch.listener(r -> { }, failure::set));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> failure.get() != null);
    } finally {
      watcher.close();
    }
    assertThat(failure.get()).isInstanceOfSatisfying(CompactedException.class,
        e -> assertThat(e.getCompactedRevision()).isEqualTo(last));
  }

  @Test
  void progressNotifyWatchesHearFromAnIdleServer() throws Exception {
    long current = get(kv.put(bs("p/other"), bs("x"))).getHeader().getRevision();
    List<WatchResponse> progress = new CopyOnWriteArrayList<>();
    Watch.Watcher watcher = client.getWatchClient().watch(bs("p/idle"),
        WatchOption.builder().withProgressNotify(true).build(), response -> {
          if (response.isProgressNotify()) {
            progress.add(response);
          }
        });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> progress.size() >= 2);
    } finally {
      watcher.close();
    }
    assertThat(progress.getFirst().getHeader().getRevision()).isGreaterThanOrEqualTo(current);
  }

  @Test
  void requestedProgressReportsTheCurrentRevision() throws Exception {
    List<WatchResponse> progress = new CopyOnWriteArrayList<>();
    Watch watch = client.getWatchClient();
    Watch.Watcher watcher = watch.watch(bs("rp/k"), response -> {
      if (response.isProgressNotify()) {
        progress.add(response);
      }
    });
    try {
      long current = get(kv.put(bs("rp/unrelated"), bs("x"))).getHeader().getRevision();
      // Retried: a request sent before the watch stream is up is not answered (as with etcd).
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
        watch.requestProgress();
        return progress.stream().anyMatch(r -> r.getHeader().getRevision() >= current);
      });
    } finally {
      watcher.close();
    }
  }

  @Test
  void leasesGrantAttachRenewRevoke() throws Exception {
    var lease = client.getLeaseClient();
    long id = get(lease.grant(30)).getID();
    get(kv.put(bs("l/k"), bs("v"), PutOption.builder().withLeaseId(id).build()));
    var ttl = get(lease.timeToLive(id, LeaseOption.builder().withAttachedKeys().build()));
    assertThat(ttl.getGrantedTTL()).isEqualTo(30);
    assertThat(ttl.getTTL()).isBetween(1L, 30L);
    assertThat(ttl.getKeys()).extracting(JetcdClientIT::str).containsExactly("l/k");
    assertThat(get(lease.keepAliveOnce(id)).getTTL()).isEqualTo(30);
    get(lease.revoke(id));
    assertThat(get(kv.get(bs("l/k"))).getKvs()).isEmpty();
    assertThat(get(lease.timeToLive(id, LeaseOption.DEFAULT)).getTTL()).isEqualTo(-1);
    assertThat(failureOf(() -> get(lease.revoke(id))))
        .isEqualTo(Status.NOT_FOUND.withDescription("etcdserver: requested lease not found").toString());
  }

  @Test
  void statusAndMembersDescribeTheServer() throws Exception {
    get(kv.put(bs("st/k"), bs("some bytes")));
    var status = get(client.getMaintenanceClient().statusMember(etcd.endpoint.toString()));
    assertThat(status.getVersion()).isEqualTo("3.5.0");
    assertThat(status.getHeader().getMemberId()).isEqualTo(LocalEtcdServer.MEMBER_ID);
    assertThat(status.getLeader()).isNotZero();
    assertThat(status.getDbSize()).isPositive();
    assertThat(status.getHeader().getRevision()).isEqualTo(etcd.kv.status().revision());
    assertThat(get(client.getMaintenanceClient().listAlarms()).getAlarms()).isEmpty();

    // A member change the store refuses comes back with the store's code and message.
    String refusal = org.assertj.core.api.Assertions.catchThrowableOfType(io.kube4j.store.api.StoreException.class,
        () -> etcd.kv.memberAdd(List.of("http://127.0.0.1:2380"), false)).getMessage();
    assertThat(failureOf(() -> get(client.getClusterClient().addMember(List.of(URI.create("http://127.0.0.1:2380"))))))
        .isEqualTo(Status.FAILED_PRECONDITION.withDescription(refusal).toString());

    var members = get(client.getClusterClient().listMember()).getMembers();
    assertThat(members).singleElement().satisfies(m -> {
      assertThat(m.getId()).isEqualTo(etcd.kv.members().getFirst().id());
      assertThat(m.getName()).isEqualTo(etcd.kv.members().getFirst().name());
    });
  }
}
