package io.kube4j.store.etcd;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.TxnResponse;
import io.kube4j.store.api.Bytes;
import io.kube4j.store.api.Compare;
import io.kube4j.store.api.DeleteRequest;
import io.kube4j.store.api.DeleteResult;
import io.kube4j.store.api.KeyValue;
import io.kube4j.store.api.Op;
import io.kube4j.store.api.OpResult;
import io.kube4j.store.api.PutRequest;
import io.kube4j.store.api.PutResult;
import io.kube4j.store.api.RangeRequest;
import io.kube4j.store.api.RangeResult;
import io.kube4j.store.api.StoreException;
import io.kube4j.store.api.TxnRequest;
import io.kube4j.store.api.TxnResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the KV part of our API to etcd's protobuf messages (jetcd-grpc's generated classes) and
 * back, field for field. Stateless.
 *
 * <p>Two places where jetcd-grpc's copy of {@code rpc.proto} is older than etcd 3.4's: it lacks the
 * {@code LEASE} compare target and the {@code lease} field of {@code Compare}. We write those as the
 * raw enum number and an unknown field with etcd's field number, which protobuf serialises verbatim,
 * so etcd receives exactly what its own client would send.
 */
final class KvCodec {
  /** etcd's {@code Compare.CompareTarget.LEASE}. */
  static final int COMPARE_TARGET_LEASE = 4;
  /** etcd's {@code Compare.lease} field number (in the {@code target_union} oneof). */
  static final int COMPARE_LEASE_FIELD = 8;

  private KvCodec() {}

  static ByteString bytes(Bytes bytes) {
    return UnsafeByteOperations.unsafeWrap(bytes.unsafeArray());
  }

  static Bytes bytes(ByteString bytes) {
    return Bytes.wrap(bytes.toByteArray());
  }

  /**
   * etcd has no empty keys, so "every key" is spelt key {@code \0}, end {@code \0}; our API spells it
   * as an empty key with {@link Bytes#ZERO} as end. Any other empty key goes through as is, for etcd
   * to refuse with "key is not provided".
   */
  static ByteString rangeStart(Bytes key, Bytes rangeEnd) {
    return key.isEmpty() && rangeEnd.equals(Bytes.ZERO) ? bytes(Bytes.ZERO) : bytes(key);
  }

  static io.etcd.jetcd.api.RangeRequest range(RangeRequest r) {
    return io.etcd.jetcd.api.RangeRequest.newBuilder()
        .setKey(rangeStart(r.key(), r.rangeEnd()))
        .setRangeEnd(bytes(r.rangeEnd()))
        .setLimit(r.limit())
        .setRevision(r.revision())
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
        .setSerializable(r.serializable())
        .setKeysOnly(r.keysOnly())
        .setCountOnly(r.countOnly())
        .setMinModRevision(r.minModRevision())
        .setMaxModRevision(r.maxModRevision())
        .setMinCreateRevision(r.minCreateRevision())
        .setMaxCreateRevision(r.maxCreateRevision())
        .build();
  }

  static io.etcd.jetcd.api.PutRequest put(PutRequest r) {
    return io.etcd.jetcd.api.PutRequest.newBuilder()
        .setKey(bytes(r.key()))
        .setValue(bytes(r.value()))
        .setLease(r.lease())
        .setPrevKv(r.prevKv())
        .setIgnoreValue(r.ignoreValue())
        .setIgnoreLease(r.ignoreLease())
        .build();
  }

  static io.etcd.jetcd.api.DeleteRangeRequest delete(DeleteRequest r) {
    return io.etcd.jetcd.api.DeleteRangeRequest.newBuilder()
        .setKey(rangeStart(r.key(), r.rangeEnd()))
        .setRangeEnd(bytes(r.rangeEnd()))
        .setPrevKv(r.prevKv())
        .build();
  }

  static io.etcd.jetcd.api.TxnRequest txn(TxnRequest r) {
    io.etcd.jetcd.api.TxnRequest.Builder b = io.etcd.jetcd.api.TxnRequest.newBuilder();
    r.compares().forEach(c -> b.addCompare(compare(c)));
    r.success().forEach(op -> b.addSuccess(requestOp(op)));
    r.failure().forEach(op -> b.addFailure(requestOp(op)));
    return b.build();
  }

  static io.etcd.jetcd.api.Compare compare(Compare c) {
    io.etcd.jetcd.api.Compare.Builder b = io.etcd.jetcd.api.Compare.newBuilder()
        .setKey(rangeStart(c.key(), c.rangeEnd()))
        .setRangeEnd(bytes(c.rangeEnd()))
        .setResult(switch (c.result()) {
          case EQUAL -> io.etcd.jetcd.api.Compare.CompareResult.EQUAL;
          case GREATER -> io.etcd.jetcd.api.Compare.CompareResult.GREATER;
          case LESS -> io.etcd.jetcd.api.Compare.CompareResult.LESS;
          case NOT_EQUAL -> io.etcd.jetcd.api.Compare.CompareResult.NOT_EQUAL;
        });
    switch (c.target()) {
      case VERSION -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VERSION).setVersion(c.number());
      case CREATE -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.CREATE).setCreateRevision(c.number());
      case MOD -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.MOD).setModRevision(c.number());
      case VALUE -> b.setTarget(io.etcd.jetcd.api.Compare.CompareTarget.VALUE).setValue(bytes(c.value()));
      case LEASE -> b.setTargetValue(COMPARE_TARGET_LEASE)
          .setUnknownFields(UnknownFieldSet.newBuilder()
              .addField(COMPARE_LEASE_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(c.number()).build())
              .build());
    }
    return b.build();
  }

  static RequestOp requestOp(Op op) {
    return switch (op) {
      case RangeRequest r -> RequestOp.newBuilder().setRequestRange(range(r)).build();
      case PutRequest p -> RequestOp.newBuilder().setRequestPut(put(p)).build();
      case DeleteRequest d -> RequestOp.newBuilder().setRequestDeleteRange(delete(d)).build();
      case TxnRequest t -> RequestOp.newBuilder().setRequestTxn(txn(t)).build();
    };
  }

  static KeyValue keyValue(io.etcd.jetcd.api.KeyValue kv) {
    return new KeyValue(bytes(kv.getKey()), kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(),
        bytes(kv.getValue()), kv.getLease());
  }

  static List<KeyValue> keyValues(List<io.etcd.jetcd.api.KeyValue> kvs) {
    List<KeyValue> out = new ArrayList<>(kvs.size());
    for (io.etcd.jetcd.api.KeyValue kv : kvs) {
      out.add(keyValue(kv));
    }
    return out;
  }

  static RangeResult rangeResult(RangeResponse r) {
    return new RangeResult(r.getHeader().getRevision(), keyValues(r.getKvsList()), r.getMore(), r.getCount());
  }

  static PutResult putResult(PutResponse r) {
    return new PutResult(r.getHeader().getRevision(), r.hasPrevKv() ? keyValue(r.getPrevKv()) : null);
  }

  static DeleteResult deleteResult(DeleteRangeResponse r) {
    return new DeleteResult(r.getHeader().getRevision(), r.getDeleted(), keyValues(r.getPrevKvsList()));
  }

  static TxnResult txnResult(TxnResponse r) {
    List<OpResult> results = new ArrayList<>(r.getResponsesCount());
    for (ResponseOp op : r.getResponsesList()) {
      results.add(switch (op.getResponseCase()) {
        case RESPONSE_RANGE -> rangeResult(op.getResponseRange());
        case RESPONSE_PUT -> putResult(op.getResponsePut());
        case RESPONSE_DELETE_RANGE -> deleteResult(op.getResponseDeleteRange());
        case RESPONSE_TXN -> txnResult(op.getResponseTxn());
        case RESPONSE_NOT_SET -> throw new StoreException.Internal("etcd sent a txn response op without a response");
      });
    }
    return new TxnResult(r.getHeader().getRevision(), r.getSucceeded(), results);
  }
}
