package io.kube4j.store.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeRequest.SortOrder;
import io.kube4j.store.api.RangeRequest.SortTarget;
import io.kube4j.store.api.RangeResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads and writes of single keys and ranges: revisions, versions, range shapes, options. */
public abstract class KvBehaviour extends StoreBehaviour {

  @Test
  void eachMutatingRequestTakesExactlyOneRevision() {
    long r1 = put("a", "1");
    long r2 = put("b", "1");
    long r3 = put("a", "2");
    assertThat(List.of(r2, r3)).containsExactly(r1 + 1, r1 + 2);

    assertThat(store().range(RangeRequest.prefix(prefix())).revision()).as("reads take none").isEqualTo(r3);
    DeleteResult nothing = store().delete(DeleteRequest.key(key("missing")));
    assertThat(nothing.deleted()).isZero();
    assertThat(nothing.revision()).as("a delete of nothing takes none").isEqualTo(r3);
    assertThat(currentRevision()).isEqualTo(r3);

    DeleteResult both = store().delete(DeleteRequest.prefix(prefix()));
    assertThat(both.deleted()).isEqualTo(2);
    assertThat(both.revision()).as("one delete of two keys takes one").isEqualTo(r3 + 1);
  }

  @Test
  void everyPutBumpsModRevisionAndVersionButKeepsCreateRevision() {
    long r1 = put("k", "v1");
    assertThat(get("k")).isEqualTo(new KeyValue(key("k"), r1, r1, 1, value("v1"), 0));
    long r2 = put("k", "v2");
    long r3 = put("k", "v3");
    assertThat(get("k")).isEqualTo(new KeyValue(key("k"), r1, r3, 3, value("v3"), 0));
    assertThat(r3).isEqualTo(r2 + 1);
  }

  @Test
  void aDeletedKeyPutAgainStartsANewIncarnation() {
    long r1 = put("k", "v1");
    put("k", "v2");
    long deleted = store().delete(DeleteRequest.key(key("k"))).revision();
    assertThat(get("k")).isNull();
    long r4 = put("k", "v3");
    assertThat(r4).isEqualTo(deleted + 1);
    assertThat(get("k")).isEqualTo(new KeyValue(key("k"), r4, r4, 1, value("v3"), 0));
    assertThat(store().range(RangeRequest.key(key("k")).atRevision(deleted - 1)).kvs())
        .containsExactly(new KeyValue(key("k"), r1, deleted - 1, 2, value("v2"), 0));
  }

  @Test
  void rangeOfOneKeyIsThatKeyOnly() {
    put("a", "1");
    put("ab", "2");
    put("b", "3");
    RangeResult result = store().range(RangeRequest.key(key("a")));
    assertThat(names(result.kvs())).containsExactly("a");
    assertThat(result.count()).isEqualTo(1);
    assertThat(result.more()).isFalse();
    assertThat(store().range(RangeRequest.key(key("nope"))).kvs()).isEmpty();
  }

  @Test
  void rangeIsHalfOpenAndOrderedByKeyBytes() {
    for (String name : List.of("b", "a", "ab", "c", "a\u00ff")) {
      put(name, name);
    }
    RangeResult result = store().range(RangeRequest.range(key("a"), key("b")));
    assertThat(names(result.kvs())).containsExactly("a", "ab", "a\u00ff");
    assertThat(result.count()).isEqualTo(3);
  }

  @Test
  void prefixRangeSelectsEveryKeyWithThePrefix() {
    put("dir/x", "1");
    put("dir/y", "2");
    put("dir", "3");
    put("dir0", "4");
    RangeResult result = store().range(RangeRequest.prefix(key("dir/")));
    assertThat(names(result.kvs())).containsExactly("dir/x", "dir/y");
  }

  @Test
  void zeroRangeEndReadsFromTheKeyOn() {
    put("a", "1");
    put("b", "2");
    put("c", "3");
    RangeResult result = store().range(RangeRequest.range(key("b"), Bytes.ZERO));
    assertThat(result.kvs()).allSatisfy(kv -> assertThat(kv.key()).isGreaterThanOrEqualTo(key("b")));
    // Other tests' keys may sort after ours; ours come first.
    assertThat(names(result.kvs().subList(0, 2))).containsExactly("b", "c");
    assertThat(result.count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void emptyKeyWithZeroEndReadsEveryKey() {
    put("a", "1");
    put("b", "2");
    RangeResult all = store().range(RangeRequest.range(Bytes.EMPTY, Bytes.ZERO));
    assertThat(all.kvs()).extracting(KeyValue::key).contains(key("a"), key("b")).isSorted();
    assertThat(all.count()).isEqualTo(all.kvs().size());
  }

  @Test
  void limitReturnsTheFirstKeysAndSaysThereIsMore() {
    for (String name : List.of("e", "d", "c", "b", "a")) {
      put(name, name);
    }
    RangeResult two = store().range(RangeRequest.prefix(prefix()).withLimit(2));
    assertThat(names(two.kvs())).containsExactly("a", "b");
    assertThat(two.more()).isTrue();
    assertThat(two.count()).as("count is of every match").isEqualTo(5);

    RangeResult exact = store().range(RangeRequest.prefix(prefix()).withLimit(5));
    assertThat(exact.kvs()).hasSize(5);
    assertThat(exact.more()).isFalse();
    RangeResult over = store().range(RangeRequest.prefix(prefix()).withLimit(50));
    assertThat(over.kvs()).hasSize(5);
    assertThat(over.more()).isFalse();
  }

  @Test
  void countOnlyReturnsTheCountWithoutKeys() {
    put("a", "1");
    put("b", "2");
    put("c", "3");
    RangeResult result = store().range(RangeRequest.prefix(prefix()).withCountOnly(true));
    assertThat(result.kvs()).isEmpty();
    assertThat(result.count()).isEqualTo(3);
    assertThat(result.more()).isFalse();
    // With a limit too, etcd still counts every match and returns no key.
    RangeResult limited = store().range(RangeRequest.prefix(prefix()).withCountOnly(true).withLimit(1));
    assertThat(limited.kvs()).isEmpty();
    assertThat(limited.count()).isEqualTo(3);
  }

  @Test
  void keysOnlyDropsValuesAndKeepsTheRest() {
    long r1 = put("a", "value-a");
    put("a", "value-a2");
    RangeResult result = store().range(RangeRequest.key(key("a")).withKeysOnly(true));
    assertThat(result.kvs()).containsExactly(new KeyValue(key("a"), r1, r1 + 1, 2, Bytes.EMPTY, 0));
  }

  @Test
  void sortsByEveryTargetBothWays() {
    // Key order a<b<c; versions a=3, b=1, c=2; create order b, c, a; mod order b, c, a; value order.
    put("b", "y");
    put("c", "z");
    put("c", "z");
    put("a", "x");
    put("a", "x");
    put("a", "w");
    RangeRequest all = RangeRequest.prefix(prefix());
    assertThat(names(store().range(all.withSort(SortOrder.DESCEND, SortTarget.KEY)).kvs()))
        .containsExactly("c", "b", "a");
    assertThat(names(store().range(all.withSort(SortOrder.ASCEND, SortTarget.VERSION)).kvs()))
        .containsExactly("b", "c", "a");
    assertThat(names(store().range(all.withSort(SortOrder.DESCEND, SortTarget.VERSION)).kvs()))
        .containsExactly("a", "c", "b");
    assertThat(names(store().range(all.withSort(SortOrder.ASCEND, SortTarget.CREATE)).kvs()))
        .containsExactly("b", "c", "a");
    assertThat(names(store().range(all.withSort(SortOrder.DESCEND, SortTarget.MOD)).kvs()))
        .containsExactly("a", "c", "b");
    assertThat(names(store().range(all.withSort(SortOrder.ASCEND, SortTarget.VALUE)).kvs()))
        .containsExactly("a", "b", "c");
    assertThat(names(store().range(all.withSort(SortOrder.DESCEND, SortTarget.VALUE)).kvs()))
        .containsExactly("c", "b", "a");
    // etcd: no order but a target other than KEY sorts ascending.
    assertThat(names(store().range(all.withSort(SortOrder.NONE, SortTarget.VERSION)).kvs()))
        .containsExactly("b", "c", "a");
  }

  @Test
  void sortingHappensBeforeTheLimit() {
    put("a", "3");
    put("b", "1");
    put("c", "2");
    RangeResult result = store().range(RangeRequest.prefix(prefix())
        .withSort(SortOrder.DESCEND, SortTarget.VALUE).withLimit(2));
    assertThat(names(result.kvs())).containsExactly("a", "c");
    assertThat(result.more()).isTrue();
    assertThat(result.count()).isEqualTo(3);
  }

  @Test
  void revisionFiltersSelectByModAndCreateRevision() {
    long ra = put("a", "1"); // create ra, mod ra
    long rb = put("b", "1"); // create rb, mod rb
    put("c", "1");           // create rc
    long ra2 = put("a", "2"); // a: create ra, mod ra2
    RangeRequest all = RangeRequest.prefix(prefix());
    assertThat(names(store().range(all.withRevisionFilters(ra2, 0, 0, 0)).kvs())).containsExactly("a");
    assertThat(names(store().range(all.withRevisionFilters(0, rb, 0, 0)).kvs())).containsExactly("b");
    assertThat(names(store().range(all.withRevisionFilters(0, 0, rb, 0)).kvs())).containsExactly("b", "c");
    assertThat(names(store().range(all.withRevisionFilters(0, 0, 0, ra)).kvs())).containsExactly("a");
    RangeResult filtered = store().range(all.withRevisionFilters(rb, ra2 - 1, 0, 0));
    assertThat(names(filtered.kvs())).containsExactly("b", "c");
    // etcd counts the matches of the key range before the revision filters apply.
    assertThat(filtered.count()).isEqualTo(3);
  }

  @Test
  void readsAtAPastRevisionSeeThatRevision() {
    long r1 = put("a", "1");
    long r2 = put("a", "2");
    put("b", "1");
    long r4 = store().delete(DeleteRequest.key(key("a"))).revision();
    RangeResult atR1 = store().range(RangeRequest.prefix(prefix()).atRevision(r1));
    assertThat(atR1.kvs()).containsExactly(new KeyValue(key("a"), r1, r1, 1, value("1"), 0));
    assertThat(atR1.revision()).as("the header has the current revision").isEqualTo(r4);
    assertThat(names(store().range(RangeRequest.prefix(prefix()).atRevision(r2 + 1)).kvs()))
        .containsExactly("a", "b");
    assertThat(names(store().range(RangeRequest.prefix(prefix()).atRevision(r4)).kvs())).containsExactly("b");
    assertThat(store().range(RangeRequest.key(key("a")).atRevision(r2)).kvs().getFirst().value())
        .isEqualTo(value("2"));
  }

  @Test
  void serializableAndLinearizableReadsSeeOwnWrites() {
    long r1 = put("a", "1");
    put("a", "2");
    KeyValue linearizable = store().range(RangeRequest.key(key("a"))).kvs().getFirst();
    assertThat(linearizable.value()).isEqualTo(value("2"));
    // A serializable read answers from whichever member serves it, which may lag behind for a moment.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(store().range(RangeRequest.key(key("a")).withSerializable(true)).kvs()).containsExactly(linearizable);
      assertThat(store().range(RangeRequest.key(key("a")).withSerializable(true).atRevision(r1)).kvs().getFirst()
          .value()).isEqualTo(value("1"));
    });
  }

  @Test
  void putReturnsThePreviousKeyValueWhenAsked() {
    PutResult first = store().put(PutRequest.of(key("k"), value("v1")).withPrevKv(true));
    assertThat(first.prevKv()).as("nothing before the first put").isNull();
    PutResult second = store().put(PutRequest.of(key("k"), value("v2")).withPrevKv(true));
    assertThat(second.prevKv()).isEqualTo(new KeyValue(key("k"), first.revision(), first.revision(), 1, value("v1"), 0));
    PutResult third = store().put(PutRequest.of(key("k"), value("v3")));
    assertThat(third.prevKv()).as("not asked").isNull();
    assertThat(third.revision()).isEqualTo(second.revision() + 1);
  }

  @Test
  void ignoreValueAndIgnoreLeaseKeepWhatTheKeyHas() {
    long lease = store().leaseGrant(300, 0).id();
    try {
      long r1 = store().put(PutRequest.of(key("k"), value("kept")).withLease(lease)).revision();
      long r2 = store().put(new PutRequest(key("k"), Bytes.EMPTY, lease, false, true, false)).revision();
      assertThat(get("k")).isEqualTo(new KeyValue(key("k"), r1, r2, 2, value("kept"), lease));
      long r3 = store().put(new PutRequest(key("k"), value("new"), 0, true, false, true)).revision();
      assertThat(get("k")).isEqualTo(new KeyValue(key("k"), r1, r3, 3, value("new"), lease));
      long r4 = store().put(PutRequest.of(key("k"), value("new2"))).revision();
      assertThat(get("k")).as("a plain put detaches the lease")
          .isEqualTo(new KeyValue(key("k"), r1, r4, 4, value("new2"), 0));
    } finally {
      store().leaseRevoke(lease);
    }
  }

  @Test
  void deleteReturnsThePreviousKeyValuesWhenAsked() {
    long ra = put("a", "1");
    long rb = put("b", "2");
    DeleteResult result = store().delete(DeleteRequest.prefix(prefix()).withPrevKv(true));
    assertThat(result.deleted()).isEqualTo(2);
    assertThat(result.prevKvs()).containsExactly(
        new KeyValue(key("a"), ra, ra, 1, value("1"), 0), new KeyValue(key("b"), rb, rb, 1, value("2"), 0));
    assertThat(store().delete(DeleteRequest.key(key("a")).withPrevKv(true)).prevKvs()).isEmpty();
    long rc = put("c", "3");
    DeleteResult plain = store().delete(DeleteRequest.key(key("c")));
    assertThat(plain.prevKvs()).as("not asked").isEmpty();
    assertThat(plain.revision()).isEqualTo(rc + 1);
  }

  @Test
  void deleteOfAHalfOpenRangeLeavesItsEnd() {
    put("a", "1");
    put("b", "2");
    put("c", "3");
    DeleteResult result = store().delete(new DeleteRequest(key("a"), key("c"), false));
    assertThat(result.deleted()).isEqualTo(2);
    assertThat(names(store().range(RangeRequest.prefix(prefix())).kvs())).containsExactly("c");
  }
}
