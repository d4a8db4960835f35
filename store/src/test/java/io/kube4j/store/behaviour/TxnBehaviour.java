package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.Compare.Result;
import io.kube4j.store.api.Compare.Target;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Transactions: every compare target and result, both branches, nesting, revisions, apiserver shapes. */
public abstract class TxnBehaviour extends StoreBehaviour {

  private boolean holds(Compare compare) {
    return store().txn(new TxnRequest(List.of(compare), List.of(), List.of())).succeeded();
  }

  @Test
  void versionComparesWithEveryResult() {
    put("k", "1");
    put("k", "2"); // version 2
    assertThat(holds(Compare.version(key("k"), Result.EQUAL, 2))).isTrue();
    assertThat(holds(Compare.version(key("k"), Result.EQUAL, 1))).isFalse();
    assertThat(holds(Compare.version(key("k"), Result.GREATER, 1))).isTrue();
    assertThat(holds(Compare.version(key("k"), Result.GREATER, 2))).isFalse();
    assertThat(holds(Compare.version(key("k"), Result.LESS, 3))).isTrue();
    assertThat(holds(Compare.version(key("k"), Result.LESS, 2))).isFalse();
    assertThat(holds(Compare.version(key("k"), Result.NOT_EQUAL, 1))).isTrue();
    assertThat(holds(Compare.version(key("k"), Result.NOT_EQUAL, 2))).isFalse();
  }

  @Test
  void createAndModRevisionCompare() {
    long created = put("k", "1");
    long modified = put("k", "2");
    assertThat(holds(Compare.createRevision(key("k"), Result.EQUAL, created))).isTrue();
    assertThat(holds(Compare.createRevision(key("k"), Result.EQUAL, modified))).isFalse();
    assertThat(holds(Compare.createRevision(key("k"), Result.LESS, modified))).isTrue();
    assertThat(holds(Compare.createRevision(key("k"), Result.GREATER, created - 1))).isTrue();
    assertThat(holds(Compare.createRevision(key("k"), Result.NOT_EQUAL, created))).isFalse();
    assertThat(holds(Compare.modRevision(key("k"), Result.EQUAL, modified))).isTrue();
    assertThat(holds(Compare.modRevision(key("k"), Result.EQUAL, created))).isFalse();
    assertThat(holds(Compare.modRevision(key("k"), Result.GREATER, created))).isTrue();
    assertThat(holds(Compare.modRevision(key("k"), Result.LESS, modified))).isFalse();
    assertThat(holds(Compare.modRevision(key("k"), Result.NOT_EQUAL, created))).isTrue();
  }

  @Test
  void valueComparesAsUnsignedBytes() {
    put("k", "m");
    assertThat(holds(Compare.value(key("k"), Result.EQUAL, value("m")))).isTrue();
    assertThat(holds(Compare.value(key("k"), Result.EQUAL, value("n")))).isFalse();
    assertThat(holds(Compare.value(key("k"), Result.GREATER, value("a")))).isTrue();
    assertThat(holds(Compare.value(key("k"), Result.GREATER, value("m")))).isFalse();
    assertThat(holds(Compare.value(key("k"), Result.LESS, value("z")))).isTrue();
    assertThat(holds(Compare.value(key("k"), Result.LESS, Bytes.wrap(new byte[] {(byte) 0x80})))).isTrue();
    assertThat(holds(Compare.value(key("k"), Result.NOT_EQUAL, value("m")))).isFalse();
  }

  @Test
  void leaseCompares() {
    long lease = store().leaseGrant(300, 0).id();
    try {
      store().put(PutRequest.of(key("leased"), value("v")).withLease(lease));
      put("plain", "v");
      assertThat(holds(Compare.lease(key("leased"), Result.EQUAL, lease))).isTrue();
      assertThat(holds(Compare.lease(key("leased"), Result.EQUAL, 0))).isFalse();
      assertThat(holds(Compare.lease(key("leased"), Result.NOT_EQUAL, 0))).isTrue();
      assertThat(holds(Compare.lease(key("leased"), Result.GREATER, lease - 1))).isTrue();
      assertThat(holds(Compare.lease(key("leased"), Result.LESS, lease))).isFalse();
      assertThat(holds(Compare.lease(key("plain"), Result.EQUAL, 0))).isTrue();
      assertThat(holds(Compare.lease(key("plain"), Result.EQUAL, lease))).isFalse();
    } finally {
      store().leaseRevoke(lease);
    }
  }

  @Test
  void aMissingKeyComparesAsZeroButNeverByValue() {
    Bytes missing = key("missing");
    assertThat(holds(Compare.version(missing, Result.EQUAL, 0))).isTrue();
    assertThat(holds(Compare.createRevision(missing, Result.EQUAL, 0))).isTrue();
    assertThat(holds(Compare.modRevision(missing, Result.EQUAL, 0))).isTrue();
    assertThat(holds(Compare.lease(missing, Result.EQUAL, 0))).isTrue();
    assertThat(holds(Compare.value(missing, Result.EQUAL, Bytes.EMPTY))).isFalse();
    assertThat(holds(Compare.value(missing, Result.NOT_EQUAL, value("x")))).isFalse();
  }

  @Test
  void aRangeCompareMustHoldForEveryKeyInTheRange() {
    long ra = put("r/a", "1");
    long rb = put("r/b", "1");
    Bytes start = key("r/");
    Bytes end = start.prefixEnd();
    assertThat(holds(new Compare(start, end, Target.MOD, Result.LESS, rb + 1, Bytes.EMPTY))).isTrue();
    assertThat(holds(new Compare(start, end, Target.MOD, Result.LESS, rb, Bytes.EMPTY))).isFalse();
    assertThat(holds(new Compare(start, end, Target.MOD, Result.GREATER, ra - 1, Bytes.EMPTY))).isTrue();
    assertThat(holds(new Compare(start, end, Target.VALUE, Result.EQUAL, 0, value("1")))).isTrue();
    put("r/c", "2");
    assertThat(holds(new Compare(start, end, Target.VALUE, Result.EQUAL, 0, value("1")))).isFalse();
    assertThat(holds(new Compare(start, end, Target.VERSION, Result.EQUAL, 1, Bytes.EMPTY))).isTrue();
    // An empty range compares like a missing key: vacuously true, except by value.
    Bytes none = key("none/");
    assertThat(holds(new Compare(none, none.prefixEnd(), Target.VERSION, Result.EQUAL, 0, Bytes.EMPTY))).isTrue();
    assertThat(holds(new Compare(none, none.prefixEnd(), Target.VALUE, Result.EQUAL, 0, Bytes.EMPTY))).isFalse();
  }

  @Test
  void allComparesMustHoldForTheSuccessBranch() {
    put("k", "v");
    Compare yes = Compare.value(key("k"), Result.EQUAL, value("v"));
    Compare no = Compare.version(key("k"), Result.EQUAL, 7);
    assertThat(store().txn(new TxnRequest(List.of(yes, yes), List.of(), List.of())).succeeded()).isTrue();
    assertThat(store().txn(new TxnRequest(List.of(yes, no), List.of(), List.of())).succeeded()).isFalse();
    assertThat(store().txn(new TxnRequest(List.of(), List.of(), List.of())).succeeded())
        .as("no compare holds vacuously").isTrue();
  }

  @Test
  void successRunsTheSuccessOpsInOrderAtOneRevision() {
    put("gone", "x");
    long before = put("existing", "old");
    TxnResult result = store().txn(new TxnRequest(
        List.of(Compare.value(key("existing"), Result.EQUAL, value("old"))),
        List.of(
            RangeRequest.key(key("existing")),
            PutRequest.of(key("a"), value("1")),
            PutRequest.of(key("existing"), value("new")).withPrevKv(true),
            RangeRequest.prefix(prefix()),
            DeleteRequest.key(key("gone"))),
        List.of(PutRequest.of(key("failure-ran"), value("x")))));
    long txnRevision = before + 1;
    assertThat(result.succeeded()).isTrue();
    assertThat(result.revision()).isEqualTo(txnRevision);
    assertThat(result.responses()).hasSize(5);
    RangeResult firstRead = (RangeResult) result.responses().get(0);
    assertThat(firstRead.kvs()).extracting(KeyValue::value).containsExactly(value("old"));
    PutResult putExisting = (PutResult) result.responses().get(2);
    assertThat(putExisting.prevKv().value()).isEqualTo(value("old"));
    RangeResult secondRead = (RangeResult) result.responses().get(3);
    assertThat(names(secondRead.kvs())).as("ops see the earlier ops of the txn")
        .containsExactly("a", "existing", "gone");
    assertThat(secondRead.kvs().subList(0, 2)).allSatisfy(kv -> assertThat(kv.modRevision()).isEqualTo(txnRevision));
    assertThat(((DeleteResult) result.responses().get(4)).deleted()).isEqualTo(1);
    assertThat(get("failure-ran")).isNull();
    assertThat(get("gone")).isNull();
    assertThat(get("a").modRevision()).isEqualTo(txnRevision);
    assertThat(get("existing")).isEqualTo(new KeyValue(key("existing"), before, txnRevision, 2, value("new"), 0));
  }

  @Test
  void failureRunsTheFailureOps() {
    put("k", "v");
    TxnResult result = store().txn(new TxnRequest(
        List.of(Compare.value(key("k"), Result.EQUAL, value("other"))),
        List.of(PutRequest.of(key("success-ran"), value("x"))),
        List.of(PutRequest.of(key("failure-ran"), value("x")), RangeRequest.key(key("k")))));
    assertThat(result.succeeded()).isFalse();
    assertThat(result.responses()).hasSize(2);
    assertThat(result.responses().get(0)).isInstanceOf(PutResult.class);
    assertThat(((RangeResult) result.responses().get(1)).kvs()).extracting(KeyValue::value).containsExactly(value("v"));
    assertThat(get("success-ran")).isNull();
    assertThat(get("failure-ran")).isNotNull();
  }

  /**
   * The revision each result of a writing txn reports is etcd's: a read reports the revision it saw
   * (the txn's once an earlier op wrote), a put the txn's, a delete the txn's once anything changed, a
   * nested txn 0 (etcd leaves nested txn headers empty).
   */
  @Test
  void resultsOfAWritingTxnReportEtcdsRevisions() {
    long before = put("k", "v");
    TxnResult result = store().txn(new TxnRequest(List.of(), List.of(
        RangeRequest.key(key("k")),
        DeleteRequest.key(key("missing")),
        PutRequest.of(key("k"), value("w")),
        RangeRequest.key(key("k")),
        DeleteRequest.key(key("missing")),
        new TxnRequest(List.of(), List.of(RangeRequest.key(key("k"))), List.of())), List.of()));
    assertThat(result.revision()).isEqualTo(before + 1);
    assertThat(result.responses()).extracting(r -> r.revision())
        .containsExactly(before, before, before + 1, before + 1, before + 1, 0L);
    TxnResult nested = (TxnResult) result.responses().get(5);
    assertThat(nested.responses()).extracting(r -> r.revision()).containsExactly(before + 1);
  }

  @Test
  void nestedTxnsChooseTheirOwnBranch() {
    put("outer", "yes");
    put("inner", "no");
    TxnResult result = store().txn(new TxnRequest(
        List.of(Compare.value(key("outer"), Result.EQUAL, value("yes"))),
        List.of(
            PutRequest.of(key("outer-success"), value("1")),
            new TxnRequest(
                List.of(Compare.value(key("inner"), Result.EQUAL, value("yes"))),
                List.of(PutRequest.of(key("inner-success"), value("1"))),
                List.of(PutRequest.of(key("inner-failure"), value("1")), RangeRequest.key(key("inner"))))),
        List.of(PutRequest.of(key("outer-failure"), value("1")))));
    assertThat(result.succeeded()).isTrue();
    TxnResult inner = (TxnResult) result.responses().get(1);
    assertThat(inner.succeeded()).isFalse();
    assertThat(inner.responses()).hasSize(2);
    assertThat(((RangeResult) inner.responses().get(1)).kvs()).extracting(KeyValue::value).containsExactly(value("no"));
    assertThat(names(store().range(RangeRequest.prefix(prefix())).kvs()))
        .containsExactly("inner", "inner-failure", "outer", "outer-success");
    assertThat(get("inner-failure").modRevision()).isEqualTo(get("outer-success").modRevision());
  }

  @Test
  void aTxnOfManyWritesTakesOneRevision() {
    long before = put("seed", "0");
    List<Op> puts = List.of(
        PutRequest.of(key("a"), value("1")), PutRequest.of(key("b"), value("2")), DeleteRequest.key(key("seed")));
    TxnResult result = store().txn(new TxnRequest(List.of(), puts, List.of()));
    assertThat(result.revision()).isEqualTo(before + 1);
    assertThat(store().range(RangeRequest.prefix(prefix())).kvs())
        .allSatisfy(kv -> assertThat(kv.modRevision()).isEqualTo(before + 1));
    assertThat(currentRevision()).isEqualTo(before + 1);
  }

  @Test
  void aTxnThatWritesNothingTakesNoRevision() {
    long before = put("k", "v");
    TxnResult reads = store().txn(new TxnRequest(
        List.of(Compare.version(key("k"), Result.EQUAL, 1)),
        List.of(RangeRequest.key(key("k")), RangeRequest.prefix(prefix())), List.of()));
    assertThat(reads.succeeded()).isTrue();
    assertThat(reads.revision()).isEqualTo(before);
    TxnResult deletesNothing = store().txn(new TxnRequest(List.of(), List.of(DeleteRequest.key(key("none"))), List.of()));
    assertThat(deletesNothing.revision()).isEqualTo(before);
    TxnResult failedCompare = store().txn(new TxnRequest(
        List.of(Compare.version(key("k"), Result.EQUAL, 5)), List.of(PutRequest.of(key("k"), value("x"))), List.of()));
    assertThat(failedCompare.succeeded()).isFalse();
    assertThat(failedCompare.revision()).isEqualTo(before);
    assertThat(currentRevision()).isEqualTo(before);
  }

  /** The apiserver's create: put only if the key does not exist, else read it back. */
  @Test
  void apiserverCreateIfAbsent() {
    Bytes k = key("pods/default/web");
    TxnRequest create = new TxnRequest(
        List.of(Compare.modRevision(k, Result.EQUAL, 0)),
        List.of(PutRequest.of(k, value("v1"))),
        List.of(RangeRequest.key(k)));
    TxnResult first = store().txn(create);
    assertThat(first.succeeded()).isTrue();
    assertThat(((PutResult) first.responses().getFirst()).revision()).isEqualTo(first.revision());
    TxnResult second = store().txn(create);
    assertThat(second.succeeded()).isFalse();
    assertThat(second.revision()).isEqualTo(first.revision());
    assertThat(((RangeResult) second.responses().getFirst()).kvs())
        .containsExactly(new KeyValue(k, first.revision(), first.revision(), 1, value("v1"), 0));
  }

  /** The apiserver's update: compare-and-swap on the mod revision it read. */
  @Test
  void apiserverCompareAndSwapOnModRevision() {
    Bytes k = key("pods/default/web");
    long read = store().put(PutRequest.of(k, value("v1"))).revision();
    TxnRequest update = new TxnRequest(
        List.of(Compare.modRevision(k, Result.EQUAL, read)),
        List.of(PutRequest.of(k, value("v2"))),
        List.of(RangeRequest.key(k)));
    TxnResult won = store().txn(update);
    assertThat(won.succeeded()).isTrue();
    TxnResult lost = store().txn(update); // a second writer with the same stale read
    assertThat(lost.succeeded()).isFalse();
    assertThat(((RangeResult) lost.responses().getFirst()).kvs().getFirst().modRevision()).isEqualTo(won.revision());
    assertThat(get("pods/default/web").value()).isEqualTo(value("v2"));
  }

  /** The apiserver's delete: delete only the version it read, returning the deleted revision. */
  @Test
  void apiserverDeleteOnModRevision() {
    Bytes k = key("pods/default/web");
    long read = store().put(PutRequest.of(k, value("v1"))).revision();
    long changed = store().put(PutRequest.of(k, value("v2"))).revision();
    TxnRequest staleDelete = new TxnRequest(
        List.of(Compare.modRevision(k, Result.EQUAL, read)),
        List.of(DeleteRequest.key(k).withPrevKv(true)),
        List.of(RangeRequest.key(k)));
    TxnResult stale = store().txn(staleDelete);
    assertThat(stale.succeeded()).isFalse();
    assertThat(((RangeResult) stale.responses().getFirst()).kvs().getFirst().modRevision()).isEqualTo(changed);
    TxnResult deleted = store().txn(new TxnRequest(
        List.of(Compare.modRevision(k, Result.EQUAL, changed)),
        List.of(DeleteRequest.key(k).withPrevKv(true)),
        List.of(RangeRequest.key(k))));
    assertThat(deleted.succeeded()).isTrue();
    DeleteResult delete = (DeleteResult) deleted.responses().getFirst();
    assertThat(delete.revision()).isEqualTo(changed + 1).isEqualTo(deleted.revision());
    assertThat(delete.prevKvs()).extracting(KeyValue::value).containsExactly(value("v2"));
    assertThat(get("pods/default/web")).isNull();
  }
}
