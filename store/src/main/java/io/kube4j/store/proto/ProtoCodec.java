package io.kube4j.store.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.TxnResponse;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
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
import java.util.List;

/**
 * Conversions between our API records ({@code io.kube4j.store.api}) and etcd's protobuf messages
 * (jetcd-grpc's {@code io.etcd.jetcd.api}), both ways, for byte strings, key values, response
 * headers, members and the KV service (range, put, delete, txn with its compares and ops). The
 * server ({@code io.kube4j.store.grpc}) decodes requests and encodes results with it; the client
 * ({@code io.kube4j.store.etcd}) does the opposite. Watch and lease messages are in
 * {@link WatchProtoCodec} and {@link LeaseProtoCodec}.
 *
 * <p>Stateless and thread-safe. Decoding a request never trusts it: an enum value etcd does not know
 * or an empty {@code RequestOp} fails with {@link StoreException.InvalidArgument} carrying etcd's
 * message; other checks (empty key, sizes, duplicate keys) are the store's. Encoding writes exactly
 * what etcd's own client sends, including the fields jetcd-grpc's older {@code rpc.proto} lacks (see
 * {@link EtcdProtoExtensions}) and etcd's spelling of "every key" (see {@link #rangeStart}). Byte
 * strings are shared, not copied, on the way out ({@link Bytes} and {@link ByteString} are both
 * immutable) and copied on the way in.
 */
public final class ProtoCodec {
  /** etcd's answer to a sort order or target it does not know. */
  static final String INVALID_SORT_OPTION = "etcdserver: invalid sort option";
  /** Our answer to a compare result or target etcd does not know (etcd would compare false). */
  static final String INVALID_COMPARE = "etcdserver: invalid compare target or result";

  /** Builds the header of a response served at a revision (the other fields come from elsewhere). */
  @FunctionalInterface
  public interface HeaderFactory {
    ResponseHeader at(long revision);
  }

  private ProtoCodec() {}

  public static ResponseHeader header(long clusterId, long memberId, long revision, long raftTerm) {
    return ResponseHeader.newBuilder()
        .setClusterId(clusterId).setMemberId(memberId).setRevision(revision).setRaftTerm(raftTerm).build();
  }

  // ---------------------------------------------------------------- bytes and key values

  public static ByteString toProto(Bytes bytes) {
    return bytes.isEmpty() ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes.unsafeArray());
  }

  public static Bytes fromProto(ByteString bytes) {
    return bytes.isEmpty() ? Bytes.EMPTY : Bytes.wrap(bytes.toByteArray());
  }

  /**
   * The start key of [key, rangeEnd) as etcd spells it. etcd has no empty keys, so "every key" is
   * key {@code \0}, end {@code \0}; our API also accepts an empty key with {@link Bytes#ZERO} as end,
   * which goes out as etcd's spelling. Any other empty key goes through as is, for the server to
   * refuse with "key is not provided".
   */
  public static ByteString rangeStart(Bytes key, Bytes rangeEnd) {
    return toProto(key.isEmpty() && rangeEnd.equals(Bytes.ZERO) ? Bytes.ZERO : key);
  }

  public static io.etcd.jetcd.api.KeyValue toProto(KeyValue kv) {
    return io.etcd.jetcd.api.KeyValue.newBuilder()
        .setKey(toProto(kv.key())).setCreateRevision(kv.createRevision()).setModRevision(kv.modRevision())
        .setVersion(kv.version()).setValue(toProto(kv.value())).setLease(kv.lease()).build();
  }

  public static KeyValue fromProto(io.etcd.jetcd.api.KeyValue kv) {
    return new KeyValue(fromProto(kv.getKey()), kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(),
        fromProto(kv.getValue()), kv.getLease());
  }

  private static List<io.etcd.jetcd.api.KeyValue> kvsToProto(List<KeyValue> kvs) {
    return kvs.stream().map(ProtoCodec::toProto).toList();
  }

  private static List<KeyValue> kvsFromProto(List<io.etcd.jetcd.api.KeyValue> kvs) {
    return kvs.stream().map(ProtoCodec::fromProto).toList();
  }

  // ---------------------------------------------------------------- range

  public static RangeRequest fromProto(io.etcd.jetcd.api.RangeRequest r) {
    RangeRequest.SortOrder order = switch (r.getSortOrder()) {
      case NONE -> RangeRequest.SortOrder.NONE;
      case ASCEND -> RangeRequest.SortOrder.ASCEND;
      case DESCEND -> RangeRequest.SortOrder.DESCEND;
      case UNRECOGNIZED -> throw new StoreException.InvalidArgument(INVALID_SORT_OPTION);
    };
    RangeRequest.SortTarget target = switch (r.getSortTarget()) {
      case KEY -> RangeRequest.SortTarget.KEY;
      case VERSION -> RangeRequest.SortTarget.VERSION;
      case CREATE -> RangeRequest.SortTarget.CREATE;
      case MOD -> RangeRequest.SortTarget.MOD;
      case VALUE -> RangeRequest.SortTarget.VALUE;
      case UNRECOGNIZED -> throw new StoreException.InvalidArgument(INVALID_SORT_OPTION);
    };
    return new RangeRequest(fromProto(r.getKey()), fromProto(r.getRangeEnd()), r.getLimit(), r.getRevision(),
        order, target, r.getSerializable(), r.getKeysOnly(), r.getCountOnly(), r.getMinModRevision(),
        r.getMaxModRevision(), r.getMinCreateRevision(), r.getMaxCreateRevision());
  }

  public static io.etcd.jetcd.api.RangeRequest toProto(RangeRequest r) {
    return io.etcd.jetcd.api.RangeRequest.newBuilder()
        .setKey(rangeStart(r.key(), r.rangeEnd())).setRangeEnd(toProto(r.rangeEnd()))
        .setLimit(r.limit()).setRevision(r.revision())
        .setSortOrder(switch (r.sortOrder()) {
          case NONE -> io.etcd.jetcd.api.RangeRequest.SortOrder.NONE;
          case ASCEND -> io.etcd.jetcd.api.RangeRequest.SortOrder.ASCEND;
          case DESCEND -> io.etcd.jetcd.api.RangeRequest.SortOrder.DESCEND;
        })
        .setSortTarget(switch (r.sortTarget()) {
          case KEY -> io.etcd.jetcd.api.RangeRequest.SortTarget.KEY;
          case VERSION -> io.etcd.jetcd.api.RangeRequest.SortTarget.VERSION;
          case CREATE -> io.etcd.jetcd.api.RangeRequest.SortTarget.CREATE;
          case MOD -> io.etcd.jetcd.api.RangeRequest.SortTarget.MOD;
          case VALUE -> io.etcd.jetcd.api.RangeRequest.SortTarget.VALUE;
        })
        .setSerializable(r.serializable()).setKeysOnly(r.keysOnly()).setCountOnly(r.countOnly())
        .setMinModRevision(r.minModRevision()).setMaxModRevision(r.maxModRevision())
        .setMinCreateRevision(r.minCreateRevision()).setMaxCreateRevision(r.maxCreateRevision()).build();
  }

  public static RangeResponse toProto(RangeResult r, HeaderFactory header) {
    return RangeResponse.newBuilder().setHeader(header.at(r.revision())).addAllKvs(kvsToProto(r.kvs()))
        .setMore(r.more()).setCount(r.count()).build();
  }

  public static RangeResult fromProto(RangeResponse r) {
    return new RangeResult(r.getHeader().getRevision(), kvsFromProto(r.getKvsList()), r.getMore(), r.getCount());
  }

  // ---------------------------------------------------------------- put

  public static PutRequest fromProto(io.etcd.jetcd.api.PutRequest r) {
    return new PutRequest(fromProto(r.getKey()), fromProto(r.getValue()), r.getLease(), r.getPrevKv(),
        r.getIgnoreValue(), r.getIgnoreLease());
  }

  public static io.etcd.jetcd.api.PutRequest toProto(PutRequest r) {
    return io.etcd.jetcd.api.PutRequest.newBuilder()
        .setKey(toProto(r.key())).setValue(toProto(r.value())).setLease(r.lease()).setPrevKv(r.prevKv())
        .setIgnoreValue(r.ignoreValue()).setIgnoreLease(r.ignoreLease()).build();
  }

  public static PutResponse toProto(PutResult r, HeaderFactory header) {
    PutResponse.Builder b = PutResponse.newBuilder().setHeader(header.at(r.revision()));
    if (r.prevKv() != null) {
      b.setPrevKv(toProto(r.prevKv()));
    }
    return b.build();
  }

  public static PutResult fromProto(PutResponse r) {
    return new PutResult(r.getHeader().getRevision(), r.hasPrevKv() ? fromProto(r.getPrevKv()) : null);
  }

  // ---------------------------------------------------------------- delete

  public static DeleteRequest fromProto(DeleteRangeRequest r) {
    return new DeleteRequest(fromProto(r.getKey()), fromProto(r.getRangeEnd()), r.getPrevKv());
  }

  public static DeleteRangeRequest toProto(DeleteRequest r) {
    return DeleteRangeRequest.newBuilder()
        .setKey(rangeStart(r.key(), r.rangeEnd())).setRangeEnd(toProto(r.rangeEnd())).setPrevKv(r.prevKv()).build();
  }

  public static DeleteRangeResponse toProto(DeleteResult r, HeaderFactory header) {
    return DeleteRangeResponse.newBuilder().setHeader(header.at(r.revision())).setDeleted(r.deleted())
        .addAllPrevKvs(kvsToProto(r.prevKvs())).build();
  }

  public static DeleteResult fromProto(DeleteRangeResponse r) {
    return new DeleteResult(r.getHeader().getRevision(), r.getDeleted(), kvsFromProto(r.getPrevKvsList()));
  }

  // ---------------------------------------------------------------- txn

  public static TxnRequest fromProto(io.etcd.jetcd.api.TxnRequest r) {
    return new TxnRequest(
        r.getCompareList().stream().map(ProtoCodec::fromProto).toList(),
        r.getSuccessList().stream().map(ProtoCodec::fromProto).toList(),
        r.getFailureList().stream().map(ProtoCodec::fromProto).toList());
  }

  public static io.etcd.jetcd.api.TxnRequest toProto(TxnRequest r) {
    return io.etcd.jetcd.api.TxnRequest.newBuilder()
        .addAllCompare(r.compares().stream().map(ProtoCodec::toProto).toList())
        .addAllSuccess(r.success().stream().map(ProtoCodec::toProto).toList())
        .addAllFailure(r.failure().stream().map(ProtoCodec::toProto).toList()).build();
  }

  public static TxnResponse toProto(TxnResult r, HeaderFactory header) {
    return TxnResponse.newBuilder().setHeader(header.at(r.revision())).setSucceeded(r.succeeded())
        .addAllResponses(r.responses().stream().map(op -> toProto(op, header)).toList()).build();
  }

  public static TxnResult fromProto(TxnResponse r) {
    return new TxnResult(r.getHeader().getRevision(), r.getSucceeded(),
        r.getResponsesList().stream().map(ProtoCodec::fromProto).toList());
  }

  public static Op fromProto(RequestOp op) {
    return switch (op.getRequestCase()) {
      case REQUEST_RANGE -> fromProto(op.getRequestRange());
      case REQUEST_PUT -> fromProto(op.getRequestPut());
      case REQUEST_DELETE_RANGE -> fromProto(op.getRequestDeleteRange());
      case REQUEST_TXN -> fromProto(op.getRequestTxn());
      // etcd answers an empty union with this (odd but exact) error.
      case REQUEST_NOT_SET -> throw new StoreException.InvalidArgument(StoreException.KEY_NOT_FOUND);
    };
  }

  public static RequestOp toProto(Op op) {
    return switch (op) {
      case RangeRequest r -> RequestOp.newBuilder().setRequestRange(toProto(r)).build();
      case PutRequest p -> RequestOp.newBuilder().setRequestPut(toProto(p)).build();
      case DeleteRequest d -> RequestOp.newBuilder().setRequestDeleteRange(toProto(d)).build();
      case TxnRequest t -> RequestOp.newBuilder().setRequestTxn(toProto(t)).build();
    };
  }

  public static ResponseOp toProto(OpResult result, HeaderFactory header) {
    return switch (result) {
      case RangeResult r -> ResponseOp.newBuilder().setResponseRange(toProto(r, header)).build();
      case PutResult p -> ResponseOp.newBuilder().setResponsePut(toProto(p, header)).build();
      case DeleteResult d -> ResponseOp.newBuilder().setResponseDeleteRange(toProto(d, header)).build();
      case TxnResult t -> ResponseOp.newBuilder().setResponseTxn(toProto(t, header)).build();
    };
  }

  /** @throws StoreException.Internal for an op that carries no response (no etcd sends one) */
  public static OpResult fromProto(ResponseOp op) {
    return switch (op.getResponseCase()) {
      case RESPONSE_RANGE -> fromProto(op.getResponseRange());
      case RESPONSE_PUT -> fromProto(op.getResponsePut());
      case RESPONSE_DELETE_RANGE -> fromProto(op.getResponseDeleteRange());
      case RESPONSE_TXN -> fromProto(op.getResponseTxn());
      case RESPONSE_NOT_SET -> throw new StoreException.Internal("etcd sent a txn response op without a response");
    };
  }

  public static Compare fromProto(io.etcd.jetcd.api.Compare c) {
    Compare.Result result = switch (c.getResult()) {
      case EQUAL -> Compare.Result.EQUAL;
      case GREATER -> Compare.Result.GREATER;
      case LESS -> Compare.Result.LESS;
      case NOT_EQUAL -> Compare.Result.NOT_EQUAL;
      case UNRECOGNIZED -> throw new StoreException.InvalidArgument(INVALID_COMPARE);
    };
    Bytes key = fromProto(c.getKey());
    Bytes end = fromProto(c.getRangeEnd());
    // The operand is chosen by the target, as etcd does, not by which oneof field is set.
    return switch (c.getTargetValue()) {
      case 0 -> new Compare(key, end, Compare.Target.VERSION, result, c.getVersion(), Bytes.EMPTY);
      case 1 -> new Compare(key, end, Compare.Target.CREATE, result, c.getCreateRevision(), Bytes.EMPTY);
      case 2 -> new Compare(key, end, Compare.Target.MOD, result, c.getModRevision(), Bytes.EMPTY);
      case 3 -> new Compare(key, end, Compare.Target.VALUE, result, 0, fromProto(c.getValue()));
      case EtcdProtoExtensions.COMPARE_TARGET_LEASE -> new Compare(key, end, Compare.Target.LEASE, result,
          EtcdProtoExtensions.compareLease(c), Bytes.EMPTY);
      default -> throw new StoreException.InvalidArgument(INVALID_COMPARE);
    };
  }

  public static io.etcd.jetcd.api.Compare toProto(Compare c) {
    io.etcd.jetcd.api.Compare.Builder b = io.etcd.jetcd.api.Compare.newBuilder()
        .setKey(rangeStart(c.key(), c.rangeEnd())).setRangeEnd(toProto(c.rangeEnd()))
        .setResult(switch (c.result()) {
          case EQUAL -> io.etcd.jetcd.api.Compare.CompareResult.EQUAL;
          case GREATER -> io.etcd.jetcd.api.Compare.CompareResult.GREATER;
          case LESS -> io.etcd.jetcd.api.Compare.CompareResult.LESS;
          case NOT_EQUAL -> io.etcd.jetcd.api.Compare.CompareResult.NOT_EQUAL;
        });
    return switch (c.target()) {
      case VERSION -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VERSION).setVersion(c.number()).build();
      case CREATE -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.CREATE)
          .setCreateRevision(c.number()).build();
      case MOD -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.MOD).setModRevision(c.number()).build();
      case VALUE -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VALUE).setValue(toProto(c.value())).build();
      case LEASE -> EtcdProtoExtensions.withLeaseTarget(b, c.number()).build();
    };
  }

  // ---------------------------------------------------------------- members

  public static io.etcd.jetcd.api.Member toProto(Member m) {
    return io.etcd.jetcd.api.Member.newBuilder().setID(m.id()).setName(m.name() == null ? "" : m.name())
        .addAllPeerURLs(m.peerUrls()).addAllClientURLs(m.clientUrls()).setIsLearner(m.learner()).build();
  }

  public static Member fromProto(io.etcd.jetcd.api.Member m) {
    return new Member(m.getID(), m.getName(), m.getPeerURLsList(), m.getClientURLsList(), m.getIsLearner());
  }
}
