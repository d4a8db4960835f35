package io.kube4j.store.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MvccStoreTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final MvccStore store = new MvccStore(Long.MAX_VALUE, 2, clock::get, 1_000_000_000L);

  private static Bytes b(String s) {
    return Bytes.of(s);
  }

  private PutResult put(String k, String v) {
    return (PutResult) store.apply(new StoreCommand.Write(PutRequest.of(b(k), b(v)).withPrevKv(true)));
  }

  private DeleteResult delete(DeleteRequest d) {
    return (DeleteResult) store.apply(new StoreCommand.Write(d));
  }

  private TxnResult txn(List<Compare> cmp, List<Op> ok, List<Op> fail) {
    return (TxnResult) store.apply(new StoreCommand.Write(new TxnRequest(cmp, ok, fail)));
  }

  private KeyValue get(String k, long rev) {
    RangeResult r = store.range(RangeRequest.key(b(k)).atRevision(rev));
    return r.kvs().isEmpty() ? null : r.kvs().getFirst();
  }

  @Test
  void revisionsVersionsAndReincarnation() {
    assertThat(put("a", "1").revision()).isEqualTo(2);
    PutResult second = put("a", "2");
    assertThat(second.revision()).isEqualTo(3);
    assertThat(second.prevKv().value()).isEqualTo(b("1"));
    KeyValue a = get("a", 0);
    assertThat(a.createRevision()).isEqualTo(2);
    assertThat(a.modRevision()).isEqualTo(3);
    assertThat(a.version()).isEqualTo(2);

    assertThat(delete(DeleteRequest.key(b("a"))).deleted()).isEqualTo(1);
    assertThat(store.revision()).isEqualTo(4);
    assertThat(delete(DeleteRequest.key(b("a"))).deleted()).isZero();
    assertThat(store.revision()).as("a delete of nothing takes no revision").isEqualTo(4);

    put("a", "3");
    KeyValue again = get("a", 0);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.createRevision()).isEqualTo(5);
    assertThat(get("a", 2).value()).isEqualTo(b("1"));
    assertThat(get("a", 4)).isNull();
  }

  @Test
  void rangeLimitCountMoreAndKeysOnly() {
    for (String k : List.of("k1", "k2", "k3", "k4")) {
      put(k, "v" + k);
    }
    put("l1", "x");
    RangeResult r = store.range(RangeRequest.prefix(b("k")).withLimit(2));
    assertThat(r.kvs()).extracting(kv -> kv.key().toStringUtf8()).containsExactly("k1", "k2");
    assertThat(r.more()).isTrue();
    assertThat(r.count()).isEqualTo(4);
    RangeResult count = store.range(RangeRequest.prefix(b("k")).withCountOnly(true));
    assertThat(count.kvs()).isEmpty();
    assertThat(count.count()).isEqualTo(4);
    RangeResult keys = store.range(RangeRequest.range(b("k3"), Bytes.ZERO).withKeysOnly(true));
    assertThat(keys.kvs()).extracting(kv -> kv.key().toStringUtf8()).containsExactly("k3", "k4", "l1");
    assertThat(keys.kvs()).allMatch(kv -> kv.value().isEmpty());
    RangeResult desc = store.range(RangeRequest.prefix(b("k"))
        .withSort(RangeRequest.SortOrder.DESCEND, RangeRequest.SortTarget.MOD).withLimit(1));
    assertThat(desc.kvs().getFirst().key()).isEqualTo(b("k4"));
    assertThat(store.range(RangeRequest.range(b("z"), b("a"))).count()).as("inverted range").isZero();
  }

  @Test
  void futureAndCompactedRevisions() {
    put("a", "1");
    put("a", "2");
    put("b", "1");
    assertThatThrownBy(() -> store.range(RangeRequest.key(b("a")).atRevision(9)))
        .isInstanceOf(StoreException.FutureRevision.class);
    assertThat((Long) store.apply(new StoreCommand.Compact(3))).isEqualTo(4);
    assertThatThrownBy(() -> get("a", 2)).isInstanceOfSatisfying(StoreException.Compacted.class,
        e -> assertThat(e.compactRevision()).isEqualTo(3));
    assertThat(get("a", 3).value()).isEqualTo(b("2"));
    assertThat(get("b", 4).value()).isEqualTo(b("1"));
    assertThatThrownBy(() -> store.apply(new StoreCommand.Compact(3))).isInstanceOf(StoreException.Compacted.class);
    assertThatThrownBy(() -> store.apply(new StoreCommand.Compact(5))).isInstanceOf(StoreException.FutureRevision.class);
  }

  @Test
  void txnBranchesAndApiserverShapes() {
    Bytes k = b("/registry/pods/x");
    TxnResult create = txn(List.of(Compare.modRevision(k, Compare.Result.EQUAL, 0)),
        List.of(PutRequest.of(k, b("v1"))), List.of(RangeRequest.key(k)));
    assertThat(create.succeeded()).isTrue();
    assertThat(create.revision()).isEqualTo(2);
    TxnResult again = txn(List.of(Compare.modRevision(k, Compare.Result.EQUAL, 0)),
        List.of(PutRequest.of(k, b("v1"))), List.of(RangeRequest.key(k)));
    assertThat(again.succeeded()).isFalse();
    assertThat(again.revision()).as("read-only branch takes no revision").isEqualTo(2);
    assertThat(((RangeResult) again.responses().getFirst()).kvs().getFirst().value()).isEqualTo(b("v1"));
    TxnResult cas = txn(List.of(Compare.modRevision(k, Compare.Result.EQUAL, 2)),
        List.of(PutRequest.of(k, b("v2")), RangeRequest.key(k)), List.of());
    assertThat(cas.revision()).isEqualTo(3);
    assertThat(((RangeResult) cas.responses().get(1)).kvs().getFirst().value())
        .as("a read after a write in one txn sees the write").isEqualTo(b("v2"));
    assertThat(txn(List.of(Compare.value(b("missing"), Compare.Result.NOT_EQUAL, b("x"))), List.of(), List.of())
        .succeeded()).as("a value compare on a missing key fails").isFalse();
    assertThat(txn(List.of(Compare.version(b("missing"), Compare.Result.EQUAL, 0)), List.of(), List.of())
        .succeeded()).isTrue();
  }

  @Test
  void failedTxnChangesNothing() {
    put("a", "1");
    assertThatThrownBy(() -> txn(List.of(), List.of(PutRequest.of(b("b"), b("x")),
        PutRequest.of(b("c"), b("y")).withLease(42)), List.of()))
        .isInstanceOf(StoreException.NotFound.class).hasMessage(StoreException.LEASE_NOT_FOUND);
    assertThat(store.revision()).isEqualTo(2);
    assertThat(get("b", 0)).isNull();
  }

  @Test
  void leaseRevokeDeletesKeysInOneRevisionAndExpiryFollowsTheClock() {
    Lease.Grant g = (Lease.Grant) store.apply(new StoreCommand.LeaseGrant(7, 1));
    assertThat(g.ttl()).as("raised to the minimum TTL").isEqualTo(2);
    store.apply(new StoreCommand.Write(PutRequest.of(b("l1"), b("x")).withLease(7)));
    store.apply(new StoreCommand.Write(PutRequest.of(b("l2"), b("x")).withLease(7)));
    assertThat(store.leaseTimeToLive(7, true).keys()).containsExactly(b("l1"), b("l2"));
    assertThat(store.expiredLeases(clock.get())).isEmpty();
    clock.addAndGet(3_000_000_000L);
    assertThat(store.expiredLeases(clock.get())).containsExactly(7L);
    long rev = (Long) store.apply(new StoreCommand.LeaseRevoke(7));
    assertThat(rev).isEqualTo(4);
    assertThat(store.range(RangeRequest.prefix(b("l"))).count()).isZero();
    assertThat(store.leaseTimeToLive(7, false).ttl()).isEqualTo(-1);
    assertThatThrownBy(() -> store.apply(new StoreCommand.LeaseRevoke(7))).isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void snapshotRoundTripKeepsHistoryLeasesAndRevisions() throws Exception {
    store.apply(new StoreCommand.LeaseGrant(9, 100));
    put("a", "1");
    put("a", "2");
    store.apply(new StoreCommand.Write(PutRequest.of(b("b"), b("x")).withLease(9)));
    delete(DeleteRequest.key(b("a")));
    store.apply(new StoreCommand.Compact(3));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    store.writeSnapshot(new DataOutputStream(bytes));

    MvccStore restored = new MvccStore(Long.MAX_VALUE, 2, clock::get, 1_000_000_000L);
    restored.restoreSnapshot(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(restored.revision()).isEqualTo(5);
    assertThat(restored.compactRevision()).isEqualTo(3);
    assertThat(restored.range(RangeRequest.key(b("a")).atRevision(4)).kvs().getFirst().value()).isEqualTo(b("2"));
    assertThat(restored.range(RangeRequest.key(b("a"))).kvs()).isEmpty();
    assertThat(restored.leaseTimeToLive(9, true).keys()).containsExactly(b("b"));
    assertThat(restored.keyCount()).isEqualTo(1);
    assertThat(restored.dbSize()).isEqualTo(store.dbSize());

    byte[] corrupt = bytes.toByteArray();
    corrupt[corrupt.length / 2] ^= 1;
    assertThatThrownBy(() -> new MvccStore(1).restoreSnapshot(
        new DataInputStream(new ByteArrayInputStream(corrupt)))).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void quotaRefusesPutsButAllowsDeletes() {
    MvccStore small = new MvccStore(100);
    small.apply(new StoreCommand.Write(PutRequest.of(b("a"), Bytes.wrap(new byte[200]))));
    assertThatThrownBy(() -> small.apply(new StoreCommand.Write(PutRequest.of(b("b"), b("x")))))
        .isInstanceOf(StoreException.NoSpace.class);
    small.apply(new StoreCommand.Write(DeleteRequest.key(b("a"))));
    assertThat(small.keyCount()).isZero();
  }
}
