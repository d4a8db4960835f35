package io.kube4j.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.RangeRequest;
import org.junit.jupiter.api.Test;

class KvCodecTest {

  @Test
  void aLeaseCompareIsWrittenWithEtcdsTargetAndFieldNumbers() throws Exception {
    long lease = 0x1234_5678_9abcL;
    byte[] wire = KvCodec.compare(Compare.lease(Bytes.of("k"), Compare.Result.NOT_EQUAL, lease)).toByteArray();
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(wire);
    assertThat(fields.getField(1).getVarintList()).as("result").containsExactly(3L);
    assertThat(fields.getField(2).getVarintList()).as("target LEASE").containsExactly(4L);
    assertThat(fields.getField(3).getLengthDelimitedList().getFirst().toStringUtf8()).isEqualTo("k");
    assertThat(fields.getField(8).getVarintList()).as("lease").containsExactly(lease);
  }

  @Test
  void everyKeyIsSpeltAsEtcdSpellsIt() {
    io.etcd.jetcd.api.RangeRequest all = KvCodec.range(RangeRequest.range(Bytes.EMPTY, Bytes.ZERO));
    assertThat(all.getKey().toByteArray()).containsExactly(0);
    assertThat(all.getRangeEnd().toByteArray()).containsExactly(0);
    io.etcd.jetcd.api.RangeRequest fromKey = KvCodec.range(RangeRequest.range(Bytes.of("a"), Bytes.ZERO));
    assertThat(fromKey.getKey().toStringUtf8()).isEqualTo("a");
    io.etcd.jetcd.api.RangeRequest empty = KvCodec.range(RangeRequest.key(Bytes.EMPTY));
    assertThat(empty.getKey().isEmpty()).as("left for etcd to refuse").isTrue();
  }

  @Test
  void rangeOptionsMapFieldForField() {
    io.etcd.jetcd.api.RangeRequest r = KvCodec.range(RangeRequest.prefix(Bytes.of("p/"))
        .withLimit(7).atRevision(9).withSerializable(true).withKeysOnly(true).withCountOnly(true)
        .withSort(RangeRequest.SortOrder.DESCEND, RangeRequest.SortTarget.MOD)
        .withRevisionFilters(1, 2, 3, 4));
    assertThat(r.getRangeEnd().toStringUtf8()).isEqualTo("p0");
    assertThat(r.getLimit()).isEqualTo(7);
    assertThat(r.getRevision()).isEqualTo(9);
    assertThat(r.getSerializable()).isTrue();
    assertThat(r.getKeysOnly()).isTrue();
    assertThat(r.getCountOnly()).isTrue();
    assertThat(r.getSortOrder()).isEqualTo(io.etcd.jetcd.api.RangeRequest.SortOrder.DESCEND);
    assertThat(r.getSortTarget()).isEqualTo(io.etcd.jetcd.api.RangeRequest.SortTarget.MOD);
    assertThat(new long[] {r.getMinModRevision(), r.getMaxModRevision(), r.getMinCreateRevision(),
        r.getMaxCreateRevision()}).containsExactly(1, 2, 3, 4);
  }
}
