package io.kube4j.store.grpc;

import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.CompactionResponse;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.stub.StreamObserver;
import io.kube4j.store.api.KvStore;
import io.kube4j.store.proto.ProtoCodec;

/**
 * etcd's KV service (Range, Put, DeleteRange, Txn, Compact) over a {@link KvStore}.
 *
 * <p>Thread-safe. Each call blocks its (virtual) thread on the store; validation beyond decoding is
 * the store's, so the same request fails the same way in-process and over gRPC.
 */
final class KvService extends KVGrpc.KVImplBase {
  private final KvStore kv;
  private final ResponseHeaders headers;

  KvService(KvStore kv, ResponseHeaders headers) {
    this.kv = kv;
    this.headers = headers;
  }

  @Override
  public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
    Unary.answer(observer, () -> ProtoCodec.toProto(kv.range(ProtoCodec.fromProto(request)), headers));
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> observer) {
    Unary.answer(observer, () -> ProtoCodec.toProto(kv.put(ProtoCodec.fromProto(request)), headers));
  }

  @Override
  public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
    Unary.answer(observer, () -> ProtoCodec.toProto(kv.delete(ProtoCodec.fromProto(request)), headers));
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
    Unary.answer(observer, () -> ProtoCodec.toProto(kv.txn(ProtoCodec.fromProto(request)), headers));
  }

  /**
   * Compacts. {@code physical} (wait until the compaction is on disk) needs no wait here: the store
   * answers once the compaction is applied.
   */
  @Override
  public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
    Unary.answer(observer, () -> CompactionResponse.newBuilder()
        .setHeader(headers.at(kv.compact(request.getRevision()))).build());
  }
}
