package io.kube4j.store.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseKeepAliveResponse;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Lease;
import io.kube4j.store.api.Member;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.OpResult;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import io.kube4j.store.api.WatchEvent;
import io.kube4j.store.api.WatchRequest;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * etcd's wire types both ways, for the server (decodes requests, encodes results) and the client
 * (the opposite) alike: every conversion is checked through real protobuf bytes.
 */
class ProtoCodecTest {
  private static final ProtoCodec.HeaderFactory HEADERS = revision -> ProtoCodec.header(11, 22, revision, 33);

  private static Bytes b(String s) {
    return Bytes.of(s);
  }

  private static final KeyValue KV_A = new KeyValue(b("a"), 2, 5, 3, b("value-a"), 0);
  private static final KeyValue KV_B = new KeyValue(b("b"), 4, 4, 1, b("value-b"), 0x7fff_0000_1234L);
  private static final KeyValue KV_BINARY =
      new KeyValue(Bytes.wrap(new byte[] {0, (byte) 0xff, 1}), 1, 9, 2, Bytes.wrap(new byte[] {(byte) 0x80}), 7);
  private static final KeyValue KV_KEYS_ONLY = KV_A.withoutValue();

  static Stream<Arguments> ops() {
    RangeRequest fullRange = new RangeRequest(b("a"), b("z"), 10, 42, RangeRequest.SortOrder.DESCEND,
        RangeRequest.SortTarget.MOD, true, true, false, 1, 100, 2, 200);
    List<Compare> everyCompare = List.of(
        Compare.version(b("k"), Compare.Result.EQUAL, 0),
        Compare.createRevision(b("k"), Compare.Result.GREATER, 3),
        Compare.modRevision(b("k"), Compare.Result.LESS, 4),
        Compare.value(b("k"), Compare.Result.NOT_EQUAL, b("v")),
        Compare.lease(b("k"), Compare.Result.EQUAL, 0x1234_5678_9abcL),
        new Compare(b("p"), b("q"), Compare.Target.MOD, Compare.Result.GREATER, 0, Bytes.EMPTY));
    TxnRequest nested = new TxnRequest(everyCompare,
        List.of(PutRequest.of(b("x"), b("1")), new TxnRequest(List.of(), List.of(RangeRequest.key(b("y"))),
            List.of(DeleteRequest.key(b("y"))))),
        List.of(RangeRequest.prefix(b("pre/"))));
    return Stream.of(
        Arguments.of("range of one key", RangeRequest.key(b("a"))),
        Arguments.of("range of a prefix", RangeRequest.prefix(b("a/"))),
        Arguments.of("range from a key on", RangeRequest.range(b("a"), Bytes.ZERO)),
        Arguments.of("range of every key", RangeRequest.range(Bytes.ZERO, Bytes.ZERO)),
        Arguments.of("range with every field", fullRange),
        Arguments.of("count-only range", RangeRequest.prefix(b("c")).withCountOnly(true).withLimit(1)),
        Arguments.of("range by value ascending", RangeRequest.key(b("c"))
            .withSort(RangeRequest.SortOrder.ASCEND, RangeRequest.SortTarget.VALUE)),
        Arguments.of("plain put", PutRequest.of(b("k"), b("v"))),
        Arguments.of("put with lease and prev kv", PutRequest.of(b("k"), b("v")).withLease(99).withPrevKv(true)),
        Arguments.of("put keeping value and lease", new PutRequest(b("k"), Bytes.EMPTY, 0, false, true, true)),
        Arguments.of("put of binary bytes", PutRequest.of(KV_BINARY.key(), KV_BINARY.value())),
        Arguments.of("delete of one key", DeleteRequest.key(b("k"))),
        Arguments.of("delete of a prefix with prev kvs", DeleteRequest.prefix(b("k")).withPrevKv(true)),
        Arguments.of("empty txn", new TxnRequest(List.of(), List.of(), List.of())),
        Arguments.of("txn with every compare and nesting", nested));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void requestsSurviveTheWireBothWays(String name, Op op) throws Exception {
    RequestOp proto = ProtoCodec.toProto(op);
    // Through real bytes, as gRPC carries them: unknown fields (the LEASE compare) must survive too.
    RequestOp parsed = RequestOp.parseFrom(proto.toByteArray());
    assertThat(ProtoCodec.fromProto(parsed)).isEqualTo(op);
    assertThat(ProtoCodec.toProto(ProtoCodec.fromProto(parsed))).isEqualTo(proto);
  }

  static Stream<Arguments> results() {
    TxnResult inner = new TxnResult(8, false, List.of(new DeleteResult(8, 0, List.of())));
    return Stream.of(
        Arguments.of("empty range", new RangeResult(3, List.of(), false, 0)),
        Arguments.of("range with kvs and more", new RangeResult(9, List.of(KV_A, KV_B, KV_BINARY), true, 5)),
        Arguments.of("keys-only range", new RangeResult(9, List.of(KV_KEYS_ONLY), false, 1)),
        Arguments.of("count-only range", new RangeResult(9, List.of(), false, 12)),
        Arguments.of("put without prev kv", new PutResult(10, null)),
        Arguments.of("put with prev kv", new PutResult(10, KV_B)),
        Arguments.of("delete of nothing", new DeleteResult(4, 0, List.of())),
        Arguments.of("delete with prev kvs", new DeleteResult(12, 2, List.of(KV_A, KV_BINARY))),
        Arguments.of("failed txn", new TxnResult(7, false, List.of())),
        Arguments.of("nested txn", new TxnResult(8, true, List.of(new RangeResult(8, List.of(KV_A), false, 1),
            new PutResult(8, KV_A), new DeleteResult(8, 1, List.of()), inner))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("results")
  void resultsSurviveTheWireBothWays(String name, OpResult result) throws Exception {
    io.etcd.jetcd.api.ResponseOp proto =
        io.etcd.jetcd.api.ResponseOp.parseFrom(ProtoCodec.toProto(result, HEADERS).toByteArray());
    assertThat(ProtoCodec.fromProto(proto)).isEqualTo(result);
  }

  @Test
  void everyResponseHeaderCarriesTheIdentityAndItsOwnRevision() {
    TxnResult txn = new TxnResult(8, true, List.of(new RangeResult(6, List.of(), false, 0)));
    var proto = ProtoCodec.toProto(txn, HEADERS);
    assertThat(proto.getHeader()).isEqualTo(ResponseHeader.newBuilder()
        .setClusterId(11).setMemberId(22).setRevision(8).setRaftTerm(33).build());
    assertThat(proto.getResponses(0).getResponseRange().getHeader().getRevision()).isEqualTo(6);
    assertThat(proto.getResponses(0).getResponseRange().getHeader().getMemberId()).isEqualTo(22);
  }

  @Test
  void unsignedIdsKeepTheirBits() {
    // etcd's cluster and member ids are uint64: the high bit must survive as is.
    ResponseHeader header = ProtoCodec.header(-1L, Long.MIN_VALUE, 1, -2L);
    assertThat(header.getClusterId()).isEqualTo(-1L);
    assertThat(header.getMemberId()).isEqualTo(Long.MIN_VALUE);
    Member member = new Member(0x8000_0000_0000_0001L, "m1", List.of("http://p:2380"), List.of(), true);
    assertThat(ProtoCodec.fromProto(ProtoCodec.toProto(member))).isEqualTo(member);
  }

  static Stream<Arguments> events() {
    KeyValue deleted = new KeyValue(b("a"), 0, 12, 0, Bytes.EMPTY, 0);
    return Stream.of(
        Arguments.of("create", new WatchEvent(WatchEvent.Type.PUT, new KeyValue(b("a"), 5, 5, 1, b("v"), 0), null)),
        Arguments.of("update with prev kv", new WatchEvent(WatchEvent.Type.PUT, KV_A, KV_KEYS_ONLY)),
        Arguments.of("delete", new WatchEvent(WatchEvent.Type.DELETE, deleted, null)),
        Arguments.of("delete with prev kv", new WatchEvent(WatchEvent.Type.DELETE, deleted, KV_A)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void eventsSurviveTheWireBothWays(String name, WatchEvent event) throws Exception {
    Event proto = Event.parseFrom(WatchProtoCodec.toProto(event).toByteArray());
    assertThat(proto.getType()).isEqualTo(event.type() == WatchEvent.Type.PUT ? Event.EventType.PUT
        : Event.EventType.DELETE);
    assertThat(proto.hasPrevKv()).isEqualTo(event.prevKv() != null);
    assertThat(WatchProtoCodec.fromProto(proto)).isEqualTo(event);
  }

  static Stream<Arguments> watches() {
    return Stream.of(
        Arguments.of("one key from now", WatchRequest.key(b("a"))),
        Arguments.of("a prefix from a revision with prev kv", WatchRequest.prefix(b("p/")).fromRevision(7)
            .withPrevKv(true)),
        Arguments.of("every key from here on, progress notify", new WatchRequest(b("m"), Bytes.ZERO, 0, true,
            false, false, false)),
        Arguments.of("deletes only", WatchRequest.key(b("a")).withFilters(true, false)),
        Arguments.of("puts only", WatchRequest.key(b("a")).withFilters(false, true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("watches")
  void watchRequestsSurviveTheWireBothWays(String name, WatchRequest request) throws Exception {
    WatchCreateRequest proto = WatchCreateRequest.parseFrom(WatchProtoCodec.toProto(request).toByteArray());
    assertThat(WatchProtoCodec.fromProto(proto)).isEqualTo(request);
  }

  @Test
  void anEmptyWatchKeyMeansTheSmallestKeyAsInEtcd() {
    WatchCreateRequest everything = WatchCreateRequest.newBuilder()
        .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build();
    assertThat(WatchProtoCodec.fromProto(everything)).isEqualTo(new WatchRequest(Bytes.ZERO, Bytes.ZERO, 0, false,
        false, false, false));
  }

  @Test
  void readsEtcdFieldsThatJetcdsProtoLacks() throws Exception {
    // etcd 3.4's Compare{result=EQUAL, target=LEASE(4), key="k", lease=77} as an etcd client sends it.
    ByteArrayOutputStream compare = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(compare);
    out.writeEnum(2, 4);
    out.writeBytes(3, ByteString.copyFromUtf8("k"));
    out.writeInt64(8, 77);
    out.flush();
    assertThat(ProtoCodec.fromProto(io.etcd.jetcd.api.Compare.parseFrom(compare.toByteArray())))
        .isEqualTo(Compare.lease(b("k"), Compare.Result.EQUAL, 77));

    // etcd 3.4's WatchCreateRequest{key="k", watch_id=5, fragment=true}.
    ByteArrayOutputStream create = new ByteArrayOutputStream();
    out = CodedOutputStream.newInstance(create);
    out.writeBytes(1, ByteString.copyFromUtf8("k"));
    out.writeInt64(7, 5);
    out.writeBool(8, true);
    out.flush();
    WatchCreateRequest parsed = WatchCreateRequest.parseFrom(create.toByteArray());
    assertThat(EtcdProtoExtensions.watchId(parsed)).isEqualTo(5);
    assertThat(EtcdProtoExtensions.fragment(parsed)).isTrue();
    assertThat(EtcdProtoExtensions.watchId(WatchCreateRequest.getDefaultInstance())).isZero();
    assertThat(EtcdProtoExtensions.watchId(EtcdProtoExtensions.withWatchId(WatchCreateRequest.newBuilder(), 9)
        .build())).isEqualTo(9);
  }

  @Test
  void refusesWhatEtcdRefusesWithEtcdsMessages() {
    var badSort = io.etcd.jetcd.api.RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k"))
        .setSortOrderValue(9).build();
    assertThatThrownBy(() -> ProtoCodec.fromProto(badSort))
        .isInstanceOf(StoreException.InvalidArgument.class).hasMessage("etcdserver: invalid sort option");
    var badTarget = io.etcd.jetcd.api.RangeRequest.newBuilder().setSortTargetValue(17).build();
    assertThatThrownBy(() -> ProtoCodec.fromProto(badTarget))
        .isInstanceOf(StoreException.InvalidArgument.class).hasMessage("etcdserver: invalid sort option");
    assertThatThrownBy(() -> ProtoCodec.fromProto(RequestOp.getDefaultInstance()))
        .isInstanceOf(StoreException.InvalidArgument.class).hasMessage(StoreException.KEY_NOT_FOUND);
    var badCompare = io.etcd.jetcd.api.Compare.newBuilder().setTargetValue(12).build();
    assertThatThrownBy(() -> ProtoCodec.fromProto(badCompare)).isInstanceOf(StoreException.InvalidArgument.class);
  }

  @Test
  void aLeaseCompareIsWrittenWithEtcdsTargetAndFieldNumbers() throws Exception {
    long lease = 0x1234_5678_9abcL;
    byte[] wire = ProtoCodec.toProto(Compare.lease(b("k"), Compare.Result.NOT_EQUAL, lease)).toByteArray();
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(wire);
    assertThat(fields.getField(1).getVarintList()).as("result").containsExactly(3L);
    assertThat(fields.getField(2).getVarintList()).as("target LEASE").containsExactly(4L);
    assertThat(fields.getField(3).getLengthDelimitedList().getFirst().toStringUtf8()).isEqualTo("k");
    assertThat(fields.getField(8).getVarintList()).as("lease").containsExactly(lease);
  }

  /** Every request that names a key range, as the key it puts on the wire for [key, end). */
  static Stream<Arguments> rangeSpellings() {
    Function<Bytes[], ByteString> range = r -> ProtoCodec.toProto(RangeRequest.range(r[0], r[1])).getKey();
    Function<Bytes[], ByteString> delete =
        r -> ProtoCodec.toProto(new DeleteRequest(r[0], r[1], false)).getKey();
    Function<Bytes[], ByteString> compare = r -> ProtoCodec.toProto(
        new Compare(r[0], r[1], Compare.Target.VERSION, Compare.Result.EQUAL, 0, Bytes.EMPTY)).getKey();
    Function<Bytes[], ByteString> watch = r -> WatchProtoCodec.toProto(
        new WatchRequest(r[0], r[1], 0, false, false, false, false)).getKey();
    return Stream.of(Arguments.of("range", range), Arguments.of("delete", delete),
        Arguments.of("compare", compare), Arguments.of("watch", watch));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rangeSpellings")
  void everyKeyIsSpeltAsEtcdSpellsIt(String name, Function<Bytes[], ByteString> keyOnTheWire) {
    assertThat(keyOnTheWire.apply(new Bytes[] {Bytes.EMPTY, Bytes.ZERO}).toByteArray()).containsExactly(0);
    assertThat(keyOnTheWire.apply(new Bytes[] {b("a"), Bytes.ZERO}).toStringUtf8()).isEqualTo("a");
    assertThat(keyOnTheWire.apply(new Bytes[] {Bytes.EMPTY, Bytes.EMPTY}).isEmpty())
        .as("left for the server to refuse").isTrue();
  }

  @Test
  void everyKeyKeepsItsEndOnTheWire() {
    io.etcd.jetcd.api.RangeRequest all = ProtoCodec.toProto(RangeRequest.range(Bytes.EMPTY, Bytes.ZERO));
    assertThat(all.getRangeEnd().toByteArray()).containsExactly(0);
    DeleteRangeRequest deleteAll = ProtoCodec.toProto(new DeleteRequest(Bytes.EMPTY, Bytes.ZERO, false));
    assertThat(deleteAll.getRangeEnd().toByteArray()).containsExactly(0);
    // What the server makes of it: every key from the smallest on, which is every key.
    assertThat(ProtoCodec.fromProto(all)).isEqualTo(RangeRequest.range(Bytes.ZERO, Bytes.ZERO));
  }

  @Test
  void rangeOptionsMapFieldForField() {
    io.etcd.jetcd.api.RangeRequest r = ProtoCodec.toProto(RangeRequest.prefix(b("p/"))
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

  @Test
  void leaseAnswersSurviveTheWireBothWays() throws Exception {
    Lease.Grant grant = new Lease.Grant(5, 0x7fff_0000_0001L, 60);
    LeaseGrantResponse grantProto =
        LeaseGrantResponse.parseFrom(LeaseProtoCodec.toProto(grant, HEADERS).toByteArray());
    assertThat(grantProto.getHeader().getMemberId()).isEqualTo(22);
    assertThat(LeaseProtoCodec.fromProto(grantProto)).isEqualTo(grant);

    Lease.KeepAlive renewed = new Lease.KeepAlive(6, 42, 59);
    assertThat(LeaseProtoCodec.fromProto(LeaseKeepAliveResponse.parseFrom(
        LeaseProtoCodec.toProto(renewed, HEADERS).toByteArray()))).isEqualTo(renewed);

    for (Lease.TimeToLive ttl : List.of(new Lease.TimeToLive(7, 42, 30, 60, List.of()),
        new Lease.TimeToLive(7, 42, 30, 60, List.of(b("l/a"), KV_BINARY.key())))) {
      assertThat(LeaseProtoCodec.fromProto(LeaseTimeToLiveResponse.parseFrom(
          LeaseProtoCodec.toProto(ttl, HEADERS).toByteArray()))).isEqualTo(ttl);
    }
  }

  @Test
  void aLeaseGrantWithAnErrorTextFails() {
    var refused = LeaseGrantResponse.newBuilder().setID(1).setTTL(5).setError("lease refused").build();
    assertThatThrownBy(() -> LeaseProtoCodec.fromProto(refused))
        .isInstanceOf(StoreException.Internal.class).hasMessage("lease refused");
  }

  @Test
  void responsesEtcdNeverSendsFailAsInternal() {
    assertThatThrownBy(() -> ProtoCodec.fromProto(io.etcd.jetcd.api.ResponseOp.getDefaultInstance()))
        .isInstanceOf(StoreException.Internal.class);
    assertThatThrownBy(() -> WatchProtoCodec.fromProto(Event.newBuilder().setTypeValue(7).build()))
        .isInstanceOf(StoreException.Internal.class);
  }

  @Test
  void leaseLeasesResponseIsEncodedAsEtcdDefinesIt() throws Exception {
    ResponseHeader header = ProtoCodec.header(1, 2, 3, 4);
    var response = new LeaseLeasesMethod.Response(header, List.of(5L, 0x7fff_ffff_ffffL, -3L));
    byte[] bytes = LeaseLeasesMethod.encode(response);
    assertThat(LeaseLeasesMethod.decode(new java.io.ByteArrayInputStream(bytes))).isEqualTo(response);

    // Hand-made: header, then LeaseStatus{ID=5} as field 2.
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(expected);
    out.writeMessage(1, header);
    out.writeByteArray(2, new byte[] {0x08, 0x05});
    out.flush();
    assertThat(LeaseLeasesMethod.encode(new LeaseLeasesMethod.Response(header, List.of(5L))))
        .isEqualTo(expected.toByteArray());
  }

  @Test
  void leaseLeasesResponseFromANewerEtcdIsRead() throws Exception {
    // LeaseStatus with a field we do not know (99) before its ID, and an unknown top-level field (7).
    ByteArrayOutputStream status = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(status);
    out.writeString(99, "future");
    out.writeInt64(1, 0x7fff_ffff_fff1L);
    out.flush();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    out = CodedOutputStream.newInstance(response);
    out.writeInt64(7, 1);
    out.writeByteArray(2, status.toByteArray());
    out.writeByteArray(2, new byte[0]); // LeaseStatus{} reads as ID 0, as proto3 says
    out.writeMessage(1, ProtoCodec.header(1, 2, 3, 4));
    out.flush();
    assertThat(LeaseLeasesMethod.decode(new java.io.ByteArrayInputStream(response.toByteArray())))
        .isEqualTo(new LeaseLeasesMethod.Response(ProtoCodec.header(1, 2, 3, 4), List.of(0x7fff_ffff_fff1L, 0L)));
  }
}
