package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compaction: history before the compaction revision is gone, each key's newest version stays.
 * Compaction is store-wide, so these tests only ever compact at a revision of their own, which is
 * above anything an earlier test still reads.
 */
public abstract class CompactionBehaviour extends StoreBehaviour {

  private static final String COMPACTED = "etcdserver: mvcc: required revision has been compacted";
  private static final String FUTURE = "etcdserver: mvcc: required revision is a future revision";

  private static void expectCompacted(long compactRevision, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    StoreException.Compacted error =
        expectError(StoreException.Compacted.class, StoreException.Code.OUT_OF_RANGE, COMPACTED, call);
    assertThat(error.compactRevision()).isEqualTo(compactRevision);
  }

  @Test
  void readsBelowTheCompactionFailAndReadsFromItOnWork() {
    long r1 = put("a", "1");
    long r2 = put("a", "2");
    long r3 = put("b", "1");
    long r4 = put("a", "3");
    long applied = store().compact(r3);
    assertThat(applied).as("the store revision when compacted").isEqualTo(r4);

    expectCompacted(r3, () -> store().range(RangeRequest.key(key("a")).atRevision(r1)));
    expectCompacted(r3, () -> store().range(RangeRequest.key(key("a")).atRevision(r2)));
    expectCompacted(r3, () -> store().range(RangeRequest.prefix(prefix()).atRevision(r2)));
    assertThat(store().range(RangeRequest.prefix(prefix()).atRevision(r3)).kvs())
        .extracting(KeyValue::value).containsExactly(value("2"), value("1"));
    assertThat(store().range(RangeRequest.prefix(prefix()).atRevision(r4)).kvs())
        .extracting(KeyValue::value).containsExactly(value("3"), value("1"));
    assertThat(currentRevision()).as("compaction takes no revision").isEqualTo(r4);
  }

  @Test
  void eachKeysNewestVersionSurvives() {
    long old = put("old", "kept");
    long a1 = put("a", "1");
    long a2 = put("a", "2");
    put("gone", "x");
    store().delete(DeleteRequest.key(key("gone")));
    long last = put("last", "x");
    store().compact(last);
    assertThat(store().range(RangeRequest.prefix(prefix())).kvs()).containsExactly(
        new KeyValue(key("a"), a1, a2, 2, value("2"), 0),
        new KeyValue(key("last"), last, last, 1, value("x"), 0),
        new KeyValue(key("old"), old, old, 1, value("kept"), 0));
  }

  @Test
  void compactingAgainAtOrBelowTheCompactionFails() {
    put("a", "1");
    long r2 = put("a", "2");
    long r3 = put("a", "3");
    store().compact(r3);
    expectCompacted(r3, () -> store().compact(r3));
    expectCompacted(r3, () -> store().compact(r2));
    long r4 = put("a", "4");
    assertThat(store().compact(r4)).isEqualTo(r4);
  }

  @Test
  void compactingOrReadingAFutureRevisionFails() {
    long now = put("a", "1");
    expectError(StoreException.FutureRevision.class, StoreException.Code.OUT_OF_RANGE, FUTURE,
        () -> store().compact(now + 100));
    expectError(StoreException.FutureRevision.class, StoreException.Code.OUT_OF_RANGE, FUTURE,
        () -> store().range(RangeRequest.key(key("a")).atRevision(now + 1)));
    assertThat(store().compact(now)).isEqualTo(now);
  }

  @Test
  void aTxnReadingBelowTheCompactionFailsWhole() {
    long r1 = put("a", "1");
    long r2 = put("a", "2");
    store().compact(r2);
    expectCompacted(r2, () -> store().txn(new TxnRequest(
        List.of(Compare.version(key("a"), Compare.Result.EQUAL, 2)),
        List.of(io.kube4j.store.api.PutRequest.of(key("written"), value("x")), RangeRequest.key(key("a")).atRevision(r1)),
        List.of())));
    assertThat(get("written")).as("nothing of a failed txn applies").isNull();
    assertThat(currentRevision()).isEqualTo(r2);
  }
}
